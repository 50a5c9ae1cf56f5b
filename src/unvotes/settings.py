"""Settings: one declarative table (name, environment variable, default, help) for the CLI, the library and the docs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from unvotes.errors import UnvotesError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "UNVOTES_DB",
        str(Path(user_data_dir("unvotes")) / "unvotes.duckdb"),
        "Path of the DuckDB database.",
    ),
    Setting(
        "undl_base",
        "UNVOTES_UNDL_BASE",
        "https://digitallibrary.un.org",
        "Base URL of the UN Digital Library.",
    ),
    Setting(
        "download_dir",
        "UNVOTES_DOWNLOADS",
        str(Path(user_data_dir("unvotes")) / "downloads"),
        "Where `unvotes update` keeps the official files.",
    ),
    Setting(
        "blas_threads",
        "UNVOTES_BLAS_THREADS",
        "1",
        "BLAS threads for the analysis' matrix work (ideal points, agreement, clusters); 0 leaves the BLAS "
        "library's own default. One thread is steadiest on a machine shared with other work.",
    ),
)

SETTINGS += (
    Setting(
        "workers",
        "UNVOTES_WORKERS",
        "2",
        "Processes that parse source files side by side in a build (1: none); the machines have 2 cores.",
    ),
    Setting(
        "web_threads",
        "UNVOTES_WEB_THREADS",
        "8",
        "Threads that answer web requests side by side (`unvotes serve`); more only queue on 2 cores.",
    ),
    Setting(
        "spelling",
        "UNVOTES_SPELLING",
        "british",
        "The spelling and date style of the stories: british (24 February 2025, in favour) or american.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """A setting's value: its environment variable when set, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get(setting.env) or setting.default


def db_path() -> Path:
    return Path(get("db")).expanduser()


def blas_threads() -> int | None:
    """The BLAS threads the analysis uses; None leaves the BLAS library's default."""
    text = get("blas_threads")
    try:
        threads = int(text)
    except ValueError:
        raise UnvotesError(
            f"{_BY_NAME['blas_threads'].env}={text!r} is not a number of threads",
            hint="Give a whole number: 1 (the default), 2, …, or 0 for the BLAS library's own default.",
        ) from None
    return threads if threads > 0 else None
