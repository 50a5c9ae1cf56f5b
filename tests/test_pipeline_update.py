"""`unvotes update` against a real HTTP server on loopback that serves the official sample files."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes import pipeline
from unvotes.cli import cli
from unvotes.errors import DownloadError
from unvotes.store import connect

RECORD = "4060887"
CSV_NAME = "2026_02_06_ga_voting.csv"
MD_NAME = "2026_02_06_ga_voting_md.md"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves `/record/N` as a page linking the files in `root/N/`, and the files themselves."""

    root: Path
    truncate = False

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        parts = self.path.strip("/").split("/")
        if parts[:1] == ["record"] and len(parts) == 2:
            links = "".join(
                f'<a href="/record/{parts[1]}/files/{p.name}?ln=en">{p.name}</a>'
                for p in sorted((self.root / parts[1]).iterdir())
            )
            self._send(f"<html><body>{links}</body></html>".encode())
        elif parts[:1] == ["record"] and len(parts) == 4 and (self.root / parts[1] / parts[3]).is_file():
            self._send((self.root / parts[1] / parts[3]).read_bytes())
        else:
            self.send_error(404)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.truncate and len(body) > 1000 else body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path, shared_data: Path) -> Iterator[tuple[str, type[_Handler]]]:
    """A loopback server holding record 4060887 with the real sample rows under the official file name."""
    folder = tmp_path / "served" / RECORD
    folder.mkdir(parents=True)
    samples = shared_data / "raw" / "undl_official_samples"
    shutil.copy(samples / "ga_voting_sample.csv", folder / CSV_NAME)
    shutil.copy(samples / MD_NAME, folder / MD_NAME)
    handler = type("Handler", (_Handler,), {"root": tmp_path / "served"})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()


def _shrink(folder: Path, keep: int) -> None:
    path = folder / CSV_NAME
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: keep + 1]), encoding="utf-8")


def test_update_downloads_checks_and_imports(server, tmp_path):
    """The record page is read, both files fetched, the CSV checked and imported with its version."""
    base, _ = server
    with connect(tmp_path / "db.duckdb") as con:
        done = pipeline.update(con, base, tmp_path / "downloads", (RECORD,))
        versions = con.execute("SELECT DISTINCT version FROM events WHERE source = 'undl_ga'").fetchall()
        citation = con.execute("SELECT citation FROM source_files WHERE source = 'undl_ga'").fetchall()[0][0]
    assert [(f.source, f.rows) for f, _ in done] == [("undl_ga", 591)]
    assert done[0][1].inserted == 4
    assert versions == [("Version 5 (February 2026)",)]
    today = dt.date.today().isoformat()
    assert citation == (
        "United Nations Dag Hammarskjöld Library, General Assembly Voting Data, United Nations, version 5 "
        f"(February 2026), 2026, downloaded from https://digitallibrary.un.org/record/4060887, {today}"
    )
    assert (tmp_path / "downloads" / MD_NAME).is_file()


def test_update_refuses_to_shrink(server, tmp_path):
    """A newer file with fewer rows than the one imported is refused and nothing changes."""
    base, handler = server
    with connect(tmp_path / "db.duckdb") as con:
        pipeline.update(con, base, tmp_path / "downloads", (RECORD,))
        _shrink(handler.root / RECORD, 400)
        before = con.execute("SELECT count(*) FROM votes").fetchall()
        with pytest.raises(DownloadError, match="refusing to shrink"):
            pipeline.update(con, base, tmp_path / "downloads", (RECORD,))
        assert con.execute("SELECT count(*) FROM votes").fetchall() == before


def test_truncated_transfer_is_an_error_and_leaves_no_file(server, tmp_path):
    """A transfer shorter than its Content-Length fails and leaves no partial file behind."""
    base, handler = server
    handler.truncate = True
    with connect(tmp_path / "db.duckdb") as con, pytest.raises(DownloadError, match="bytes"):
        pipeline.update(con, base, tmp_path / "downloads", (RECORD,))
    assert not (tmp_path / "downloads" / CSV_NAME).exists()
    assert not list((tmp_path / "downloads").glob("*.part"))


def test_update_command_reports_rows_and_counts(server, tmp_path, monkeypatch):
    """The CLI prints one line per imported file; a second run imports nothing new."""
    base, _ = server
    monkeypatch.setenv("UNVOTES_DOWNLOADS", str(tmp_path / "downloads"))
    db = str(tmp_path / "db.duckdb")
    first = CliRunner().invoke(cli, ["--db", db, "update", "--base", base, "--record", RECORD])
    second = CliRunner().invoke(cli, ["--db", db, "update", "--base", base, "--record", RECORD])
    url = f"{base}/record/{RECORD}/files/{CSV_NAME}"
    assert first.exit_code == 0, first.output
    assert f"{url}: 591 rows; 4 inserted, 0 updated, 0 unchanged, 0 removed" in first.output
    assert f"{url}: 591 rows; 0 inserted, 0 updated, 4 unchanged, 0 removed" in second.output
