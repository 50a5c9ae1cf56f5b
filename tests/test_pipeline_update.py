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
    missing = ""  # a file the page links but the server answers 404 for

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        parts = self.path.strip("/").split("/")
        if parts[:1] == ["record"] and len(parts) == 2:
            links = "".join(
                f'<a href="/record/{parts[1]}/files/{p.name}?ln=en">{p.name}</a>'
                for p in sorted((self.root / parts[1]).iterdir())
            )
            self._send(f"<html><body>{links}</body></html>".encode())
        elif parts[:1] == ["record"] and len(parts) == 4 and parts[3] == self.missing:
            self.send_error(404)
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
    db = tmp_path / "db.duckdb"
    done = pipeline.update(db, base, tmp_path / "downloads", (RECORD,))
    with connect(db, read_only=True) as con:
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
    db = tmp_path / "db.duckdb"
    pipeline.update(db, base, tmp_path / "downloads", (RECORD,))
    _shrink(handler.root / RECORD, 400)
    before = _votes(db)
    with pytest.raises(DownloadError, match="refusing to shrink"):
        pipeline.update(db, base, tmp_path / "downloads", (RECORD,))
    assert _votes(db) == before


def _votes(db: Path) -> int:
    with connect(db, read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM votes").fetchall()[0][0])


def test_truncated_transfer_is_an_error_and_leaves_no_file(server, tmp_path):
    """A transfer shorter than its Content-Length fails and leaves no partial file behind."""
    base, handler = server
    handler.truncate = True
    with pytest.raises(DownloadError, match="bytes"):
        pipeline.update(tmp_path / "db.duckdb", base, tmp_path / "downloads", (RECORD,))
    assert not (tmp_path / "downloads" / CSV_NAME).exists()
    assert not list((tmp_path / "downloads").rglob("*.part"))


def test_a_failure_on_a_later_file_imports_nothing_and_keeps_no_download(server, tmp_path):
    """When the second record's file is missing (404), the first is neither imported nor left on disk."""
    base, handler = server
    (handler.root / "4055387").mkdir()
    (handler.root / "4055387" / "2026_02_06_sc_voting.csv").write_text("x", encoding="utf-8")
    handler.missing = "2026_02_06_sc_voting.csv"
    db = tmp_path / "db.duckdb"
    with pytest.raises(DownloadError, match="404"):
        pipeline.update(db, base, tmp_path / "downloads", (RECORD, "4055387"))
    assert not db.exists() or _votes(db) == 0
    assert not list((tmp_path / "downloads").rglob("*.csv"))


def test_a_rejected_file_is_not_kept(server, tmp_path):
    """A file in no known layout is refused, and neither it nor its companions stay in the downloads folder."""
    base, handler = server
    (handler.root / RECORD / CSV_NAME).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DownloadError, match="layout"):
        pipeline.update(tmp_path / "db.duckdb", base, tmp_path / "downloads", (RECORD,))
    assert not [p for p in (tmp_path / "downloads").rglob("*") if p.is_file()]


def test_a_page_that_links_no_voting_file_is_an_error(server, tmp_path):
    """A record page without a voting CSV is an error naming the record, not a silent success."""
    base, handler = server
    (handler.root / RECORD / CSV_NAME).unlink()
    with pytest.raises(DownloadError, match=f"{RECORD} link no voting file"):
        pipeline.update(tmp_path / "db.duckdb", base, tmp_path / "downloads", (RECORD,))


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
