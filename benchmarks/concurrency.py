"""Concurrency benchmark: requests/s and latency of the real server for 1, 10 and 50 clients.

Starts ``kita-anon serve`` on 127.0.0.1 (a fresh data dir, one ``fachkraft`` account; the server
start of the web tests), then for each number of clients sends 300-word notes to
``POST /api/anonymize``: every client sends its next note as soon as it has the answer to the last.
Each level is bounded in count (``--requests``) and time (``--seconds``); a short warm-up comes
first. Loopback only. Reported per level: requests, failures (anything but 200), requests/s,
p50 and p99 latency, throughput against one client's, and the CPU time the server process and its
workers used per request and in all (in cores: CPU seconds per second). On a host shared with other
work the cores column says how much of the machine the service got.

    .venv/bin/python benchmarks/concurrency.py [--workers N] [--quick]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from reporting import (
    environment,
    environment_lines,
    load_gold,
    markdown_table,
    write_results,
)
from speed import notes_of

from anonymizer.config import get_settings
from anonymizer.web.accounts import Role
from anonymizer.web.workers import default_worker_count

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from web.support import (  # (the helpers of the tests)
    KITA,
    LiveServer,
    bearer,
    cpu_ticks,
    start_server,
    worker_pids,
)

CLIENTS = (1, 10, 50)
NOTE_WORDS = 300
WARM_UP = 10


def service_cpu_seconds(server: LiveServer) -> float:
    """CPU time used so far by the server process and its current workers."""
    ticks = sum(cpu_ticks(pid) for pid in {server.process.pid, *worker_pids(server)})
    return ticks / os.sysconf("SC_CLK_TCK")


def measured_level(server: LiveServer, headers: dict[str, str], notes: list[str], clients: int, requests: int,
                   seconds: float) -> dict[str, object]:
    """One level with the service's CPU time: per request (ms) and per second of the level (cores)."""
    cpu_before, started = service_cpu_seconds(server), time.perf_counter()
    level = asyncio.run(run_level(server.url, headers, notes, clients, requests, seconds))
    cpu = service_cpu_seconds(server) - cpu_before
    level["cpu_ms_per_request"] = round(cpu * 1000 / level["requests"])
    level["cores_used"] = round(cpu / (time.perf_counter() - started), 2)
    return level


async def run_level(url: str, headers: dict[str, str], notes: list[str], clients: int, requests: int,
                    seconds: float) -> dict[str, object]:
    """``clients`` concurrent clients sending notes until ``requests`` are sent or ``seconds`` are over."""
    latencies: list[float] = []
    failures = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal failures, sent
        while sent < requests and time.perf_counter() < deadline:
            note = notes[sent % len(notes)]
            sent += 1
            started = time.perf_counter()
            try:
                response = await http.post("/api/anonymize", json={"text": note}, headers=headers)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            failures += not ok

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "clients": clients,
        "requests": len(latencies),
        "failed": failures,
        "requests_per_s": round(len(latencies) / elapsed, 2),
        "p50_ms": round(quantiles[49] * 1000),
        "p99_ms": round(quantiles[98] * 1000),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--requests", type=int, default=300, help="most requests per level")
    parser.add_argument("--seconds", type=float, default=60, help="most seconds per level")
    parser.add_argument("--quick", action="store_true", help="100 requests, 20 s per level")
    options = parser.parse_args()
    if options.quick:
        options.requests, options.seconds = 100, 20
    notes = notes_of(NOTE_WORDS, 50, [document.text for document in load_gold()])
    workers = options.workers or default_worker_count()
    with tempfile.TemporaryDirectory() as root:
        server = start_server(Path(root), [("bench", Role.FACHKRAFT, KITA)], args=("--workers", str(workers)))
        try:
            headers = bearer(server.accounts["bench"])
            asyncio.run(run_level(server.url, headers, notes, workers, WARM_UP * workers, options.seconds))
            levels = [measured_level(server, headers, notes, clients, options.requests, options.seconds)
                      for clients in CLIENTS]
        finally:
            server.stop()
    single = levels[0]["requests_per_s"]
    for level in levels:
        level["throughput_vs_1_client"] = round(level["requests_per_s"] / single, 2)

    env = {**environment(get_settings().model), "workers": workers, "note_words": NOTE_WORDS}
    headers_row = ["clients", "requests", "failed", "requests/s", "p50 ms", "p99 ms", "CPU ms/request", "cores used",
                   "× 1 client"]
    rows = [[f"{value:.2f}" if isinstance(value, float) else value for value in level.values()] for level in levels]
    table = markdown_table(headers_row, rows)
    markdown = f"# Concurrency: POST /api/anonymize, {NOTE_WORDS}-word notes\n\n{environment_lines(env)}\n\n{table}"
    json_path, md_path = write_results("concurrency", {"environment": env, "levels": levels}, markdown)
    print(markdown)
    print(f"\n{json_path}\n{md_path}")


if __name__ == "__main__":
    main()
