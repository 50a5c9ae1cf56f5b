"""The web app under load, against a trivial route served by the same process in the same run:
`python -m benchmarks.web [--db FILE] [--clients 50] [--seconds 20] [--threads 2,4,8] [--busy N] [--profile N]`.

- cold start: `unvotes serve` started as a new process until its first 200 on `/votes/A/RES/ES-11/7.json`
  (goal ≤ 3 s), once per thread setting.
- load: `--clients` concurrent keep-alive clients (asyncio, in this process) request one route as fast as it
  answers for `--seconds`, after each of its addresses once and a short untimed warm-up; route by route: the vote
  page, its JSON twin, the pages of the 20 newest votes (their ids from `/api/v1/votes?per_page=20`), and the
  baselines `/static/css/app.css` and `/openapi.json`. Printed per route: requests/s, p50/p95/p99/max latency
  (goal: p95 ≤ 50 ms for the vote page and its twin), p95 ÷ the stylesheet's p95, failures, and the server's CPU
  time per request (from /proc, Linux). The clients write plain HTTP/1.1 on asyncio streams; `--client httpx`
  sends the same load through httpx's async client, whose own CPU time caps it near 120 requests/s here.
- `--threads` lists the values of UNVOTES_WEB_THREADS to try (one server each); `--busy N` keeps N other
  processes spinning on the CPU while it measures (a machine shared with other work).
- `--profile N`: instead of the load, N requests of the vote page and its twin through the app in this process
  under cProfile (no server, no network), and the functions that cost the most.

The load generator shares the machine with the server: on 2 cores its own CPU time counts in every latency, which
is what the baseline routes show. The database is `--db`, else $UNVOTES_DB, else var/unvotes.duckdb (built from
../shared/data when absent, ~20–40 s).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import numpy as np

from benchmarks.cli_startup import UNVOTES, ensure_db

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = Path(os.environ.get("UNVOTES_DB", ROOT / "var" / "unvotes.duckdb"))
HOST = "127.0.0.1"
VOTE = "/votes/A/RES/ES-11/7"
BASELINES = ("/static/css/app.css", "/openapi.json")
COLD_GOAL = 3.0  # seconds
P95_GOAL = 0.050  # seconds
START_TIMEOUT = 30.0  # seconds


@dataclass
class Phase:
    """One route under load: each request's latency, and the requests that did not answer 200."""

    label: str
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # the server's CPU seconds during the phase

    def row(self, baseline_p95: float | None) -> str:
        done = len(self.latencies)
        ms = np.percentile(np.array(self.latencies), [50, 95, 99, 100]) * 1000 if done else [np.nan] * 4
        ratio = f"{ms[1] / 1000 / baseline_p95:>6.1f}" if baseline_p95 else f"{'':>6}"
        cpu = self.cpu / done * 1000 if done else float("nan")
        return (
            f"{self.label:<32} {done / self.seconds:>8.0f} {ms[0]:>7.1f} {ms[1]:>7.1f} {ms[2]:>7.1f} "
            f"{ms[3]:>7.1f} {ratio} {self.failures:>6} {cpu:>8.2f}"
        )

    @property
    def p95(self) -> float:
        return float(np.percentile(np.array(self.latencies), 95))


HEADER = (
    f"{'route':<32} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} "
    f"{'÷base':>6} {'failed':>6} {'cpu ms/req':>8}"
)


def free_port() -> int:
    """A port nothing listens on now (the system's choice)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(db: Path, threads: int) -> Iterator[tuple[subprocess.Popen[bytes], str, float]]:
    """`unvotes serve` on a free port with `threads` web threads; yields the process, its base URL and the seconds
    from its start to its first 200 on the vote's JSON twin."""
    port = free_port()
    env = os.environ | {"UNVOTES_WEB_THREADS": str(threads)}
    command = [str(UNVOTES), "--db", str(db), "serve", "--host", HOST, "--port", str(port)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    try:
        cold = _first_answer(process, base + VOTE + ".json", start)
        yield process, base, cold
    finally:
        process.terminate()
        process.wait(timeout=10)


def _first_answer(process: subprocess.Popen[bytes], url: str, start: float) -> float:
    with httpx.Client(timeout=START_TIMEOUT) as client:
        while time.perf_counter() - start < START_TIMEOUT:
            if process.poll() is not None:
                raise RuntimeError(f"unvotes serve exited with {process.returncode}")
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter() - start
            except httpx.TransportError:
                time.sleep(0.005)
    raise RuntimeError(f"no 200 from {url} in {START_TIMEOUT} s")


async def load(
    base: str, paths: list[str], clients: int, seconds: float, label: str, pid: int, client: str
) -> Phase:
    """`clients` concurrent clients asking for `paths` in turn for `seconds`, after each path once and an untimed
    warm-up (the app computes a view on its first request and keeps it)."""
    run = _run_raw if client == "raw" else _run_httpx
    await _run_raw(base, paths, 1, 0.0, Phase(label), once=True)
    await run(base, paths, clients, min(2.0, seconds / 5), Phase(label))
    phase = Phase(label)
    before = cpu_seconds(pid)
    started = time.perf_counter()
    await run(base, paths, clients, seconds, phase)
    phase.seconds = time.perf_counter() - started
    phase.cpu = cpu_seconds(pid) - before
    return phase


async def _run_httpx(base: str, paths: list[str], clients: int, seconds: float, phase: Phase) -> None:
    """The load through httpx's async client (its own CPU time is several times the server's)."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def one_client(turn: int) -> None:
            while time.perf_counter() < deadline:
                path = paths[turn % len(paths)]
                turn += 1
                start = time.perf_counter()
                response = await client.get(path)
                phase.latencies.append(time.perf_counter() - start)
                phase.failures += response.status_code != 200

        await asyncio.gather(*(one_client(i) for i in range(clients)))


async def _run_raw(
    base: str, paths: list[str], clients: int, seconds: float, phase: Phase, once: bool = False
) -> None:
    """The load over plain keep-alive HTTP/1.1 connections, one per client (GET only, bodies with a length);
    `once`: each path once, in turn, on one connection."""
    port = int(base.rsplit(":", 1)[1])
    deadline = time.perf_counter() + seconds

    async def one_client(turn: int) -> None:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while time.perf_counter() < deadline or (once and turn < len(paths)):
                path = paths[turn % len(paths)]
                turn += 1
                start = time.perf_counter()
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                await reader.readexactly(_content_length(head))
                phase.latencies.append(time.perf_counter() - start)
                phase.failures += not head.startswith(b"HTTP/1.1 200 ")
        finally:
            writer.close()

    await asyncio.gather(*(one_client(i) for i in range(clients)))


def _content_length(head: bytes) -> int:
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    raise ValueError(f"a response without content-length: {head[:200]!r}")


def recent_votes(base: str, count: int = 20) -> list[str]:
    """The page addresses of the `count` newest votes, as the API lists them."""
    from unvotes.web.links import vote_path

    found = httpx.get(f"{base}/api/v1/votes", params={"per_page": count}, timeout=30).json()
    return [vote_path(v["id"]) for v in found["votes"]]


def measure(db: Path, threads: int, clients: int, seconds: float, client: str) -> tuple[float, list[Phase]]:
    """Cold start and every route under load, for one thread setting."""
    with server(db, threads) as (process, base, cold):
        routes = {
            f"vote page {VOTE}": [VOTE],
            "vote JSON twin": [VOTE + ".json"],
            "20 newest vote pages": recent_votes(base),
            **{f"baseline {path}": [path] for path in BASELINES},
        }
        phases = [
            asyncio.run(load(base, paths, clients, seconds, label, process.pid, client))
            for label, paths in routes.items()
        ]
    return cold, phases


def report(threads: int, cold: float, phases: list[Phase]) -> str:
    baseline = next(p for p in phases if p.label == f"baseline {BASELINES[0]}").p95  # a static file
    lines = [
        f"UNVOTES_WEB_THREADS={threads}: cold start {cold:.2f} s to the first 200 on {VOTE}.json "
        f"(goal ≤ {COLD_GOAL:.0f} s{'' if cold <= COLD_GOAL else ', MISSED'})",
        HEADER,
        *(phase.row(baseline) for phase in phases),
    ]
    return "\n".join(lines)


def profile(db: Path, requests: int) -> str:
    """The vote page and its twin answered `requests` times each by the app in this process under cProfile: the
    ASGI app called directly, its sync endpoints run in this thread (cProfile sees one thread)."""
    import anyio.to_thread

    from unvotes.web.app import create_app

    async def in_this_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = in_this_thread  # type: ignore[assignment]
    app = create_app(db)

    async def serve_all() -> float:
        for path in (VOTE, VOTE + ".json"):
            await _asgi_get(app, path)  # the view is computed and cached once
        profiler.enable()
        started = time.perf_counter()
        for _ in range(requests):
            await _asgi_get(app, VOTE)
            await _asgi_get(app, VOTE + ".json")
        profiler.disable()
        return time.perf_counter() - started

    profiler = cProfile.Profile()
    each = asyncio.run(serve_all()) / requests / 2 * 1000
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(20)
    return f"{requests} × (page + JSON twin): {each:.2f} ms per request under cProfile\n{out.getvalue()}"


async def _asgi_get(app: Any, path: str) -> int:
    """One GET through the ASGI app (no server, no socket); its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status = 0
    asked, done = False, asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # a streaming response listens for the client leaving until it has sent its body
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    if status != 200:
        raise RuntimeError(f"{path}: {status}")
    return status


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per route")
    parser.add_argument("--threads", default="2,4,8", help="values of UNVOTES_WEB_THREADS to try")
    parser.add_argument(
        "--client", choices=["raw", "httpx"], default="raw", help="the load generator's HTTP client"
    )
    parser.add_argument("--busy", type=int, default=0, help="processes kept spinning while measuring")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N requests instead")
    args = parser.parse_args()
    ensure_db(args.db)
    if args.profile:
        print(profile(args.db, args.profile))
        return
    print("python -m benchmarks.web " + " ".join(sys.argv[1:]))
    print(
        f"db {args.db}; {args.clients} {args.client} clients, {args.seconds:g} s per route; {os.cpu_count()} CPUs; "
        f"{args.busy} other processes spinning; load average before: {os.getloadavg()[0]:.2f}"
    )
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    results: dict[int, list[Phase]] = {}
    try:
        for threads in (int(t) for t in args.threads.split(",")):
            cold, results[threads] = measure(args.db, threads, args.clients, args.seconds, args.client)
            print(report(threads, cold, results[threads]), flush=True)
            print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        for spinner in spinners:
            spinner.kill()
    print(verdict(results))


def verdict(results: dict[int, list[Phase]]) -> str:
    """The thread setting with the lowest p95 on the vote page and its twin together, and the goal's verdict."""

    def p95(phases: list[Phase]) -> float:
        return max(phases[0].p95, phases[1].p95)

    best = min(results, key=lambda threads: p95(results[threads]))
    worst = p95(results[best])
    met = "met" if worst <= P95_GOAL else "MISSED"
    return (
        f"best UNVOTES_WEB_THREADS={best}: p95 of the vote page and its twin ≤ {worst * 1000:.1f} ms "
        f"(goal ≤ {P95_GOAL * 1000:.0f} ms: {met})"
    )


if __name__ == "__main__":
    main()
