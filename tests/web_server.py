"""A live server for tests that need a real HTTP client (a browser): the web app under uvicorn, in a thread of the
test process, on 127.0.0.1 and a port the system picks, over one database file."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from unvotes.web.app import create_app

HOST = "127.0.0.1"
START_TIMEOUT = 10.0  # seconds


@contextmanager
def live_server(db: Path, threads: int = 4) -> Iterator[str]:
    """The app over `db`, served until the block ends; yields its base URL (`http://127.0.0.1:PORT`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))  # the port is held from here on: no other process can take it before uvicorn listens
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(db, threads=threads), log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_started(server, thread)
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT)
        sock.close()


def _wait_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server stopped while starting")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the test server did not start in {START_TIMEOUT} s")
        time.sleep(0.01)
