"""Settings: one declarative table (name, environment variable, default, help) for the CLI, the library and the docs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


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
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """A setting's value: its environment variable when set, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get(setting.env) or setting.default


def db_path() -> Path:
    return Path(get("db")).expanduser()
