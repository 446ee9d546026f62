"""Speed benchmark: kita-anon next to plain Presidio on the same spaCy pipeline, in one run.

Each system is measured in its own fresh process (so start-up time and peak memory are its own):

- start-up: from launching the process to the first result (imports, pipeline, recognizers);
- latency per note of 100, 300, 1,000 and 5,000 words (p50, p95), one note at a time on one core;
- throughput in words/s for a batch of 2,000 notes, on one core and on all cores (forked workers);
- peak memory (max RSS of the measuring process);
- cost against text length: words/s per size and a least-squares line time = a + b * words.

Notes are cut from the evaluation corpus, so they have its density of names and numbers.
The ratio columns are time ratios ours / presidio: below 1.0 means kita-anon is faster.

    .venv/bin/python benchmarks/speed.py [--quick]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

from baseline import SYSTEMS, System
from reporting import environment, environment_lines, load_gold, markdown_table, write_results

from anonymizer.config import get_settings

SIZES = (100, 300, 1000, 5000)
REPETITIONS = {100: 40, 300: 40, 1000: 15, 5000: 5}
QUICK_REPETITIONS = {100: 10, 300: 10, 1000: 4, 5000: 2}
WARM_UP = 2
WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def notes_of(words: int, count: int, texts: Sequence[str]) -> list[str]:
    """``count`` different notes of exactly ``words`` words, cut from the shuffled corpus texts."""
    notes = []
    for seed in range(count):
        shuffled = list(texts)
        random.Random(seed).shuffle(shuffled)
        stream = "\n\n".join(shuffled)
        while word_count(stream) < words:
            stream += "\n\n" + stream
        cut = list(WORD.finditer(stream))[words - 1].end()
        notes.append(stream[:cut])
    return notes


def batch_notes(count: int, texts: Sequence[str]) -> list[str]:
    """The corpus documents, cycled: realistic short notes of mixed length."""
    return [texts[i % len(texts)] for i in range(count)]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latencies(system: System, notes: Sequence[str]) -> list[float]:
    """Seconds per note, after the first ``WARM_UP`` notes have warmed caches up."""
    for note in notes[:WARM_UP]:
        system.analyze(note)
    seconds = []
    for note in notes[WARM_UP:]:
        started = time.perf_counter()
        system.analyze(note)
        seconds.append(time.perf_counter() - started)
    return seconds


# Forked workers inherit the loaded system instead of loading the pipeline again.
_FORKED_SYSTEM: System | None = None


def _analyze_chunk(texts: list[str]) -> int:
    assert _FORKED_SYSTEM is not None
    return sum(len(hits) for hits in _FORKED_SYSTEM.analyze_batch(texts))


def throughput_all_cores(system: System, notes: list[str], processes: int) -> float:
    global _FORKED_SYSTEM
    _FORKED_SYSTEM = system
    chunk = max(1, len(notes) // (processes * 4))
    chunks = [notes[i : i + chunk] for i in range(0, len(notes), chunk)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        started = time.perf_counter()
        pool.map(_analyze_chunk, chunks)
        return time.perf_counter() - started


def linear_fit(points: Sequence[tuple[int, float]]) -> dict[str, float]:
    """Least squares ``seconds = intercept + slope * words`` and how well a line explains the points."""
    slope, intercept = statistics.linear_regression([w for w, _ in points], [s for _, s in points])
    correlation = statistics.correlation([w for w, _ in points], [s for _, s in points])
    return {"ms_per_1000_words": slope * 1e6, "intercept_ms": intercept * 1e3, "r_squared": correlation**2}


def measure(name: str, quick: bool, batch_size: int, launched: float) -> dict:
    """Everything for one system, in this (fresh) process."""
    all_cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(all_cpus)})  # the one-core numbers really use one core
    settings = get_settings()
    texts = [document.text for document in load_gold()]
    system = SYSTEMS[name](settings)
    system.analyze(texts[0])
    startup = time.time() - launched

    repetitions = QUICK_REPETITIONS if quick else REPETITIONS
    by_size, points = {}, []
    for words in SIZES:
        seconds = latencies(system, notes_of(words, repetitions[words] + WARM_UP, texts))
        points += [(words, s) for s in seconds]
        by_size[str(words)] = {
            "notes": len(seconds),
            "p50_ms": percentile(seconds, 0.5) * 1e3,
            "p95_ms": percentile(seconds, 0.95) * 1e3,
            "words_per_s": words * len(seconds) / sum(seconds),
        }

    notes = batch_notes(batch_size, texts)
    words = sum(word_count(note) for note in notes)
    started = time.perf_counter()
    system.analyze_batch(notes)
    one_core = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    os.sched_setaffinity(0, all_cpus)
    processes = len(all_cpus)
    all_cores = throughput_all_cores(system, notes, processes)
    return {
        "system": system.name,
        "startup_s": startup,
        "latency": by_size,
        "linearity": linear_fit(points),
        "batch": {
            "notes": len(notes),
            "words": words,
            "one_core_words_per_s": words / one_core,
            "all_cores_words_per_s": words / all_cores,
            "processes": processes,
        },
        "peak_memory_mb": peak_mb,
    }


def run_isolated(name: str, quick: bool, batch_size: int) -> dict:
    command = [sys.executable, __file__, "--worker", name, "--batch", str(batch_size), "--launched", str(time.time())]
    output = subprocess.run(command + (["--quick"] if quick else []), capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------------------
def report(results: dict[str, dict], env: dict) -> str:
    ours, presidio = results["kita-anon"], results["presidio"]
    names = [r["system"] for r in results.values()]

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}"

    rows = []
    for size in SIZES:
        a, b = ours["latency"][str(size)], presidio["latency"][str(size)]
        rows.append([
            f"{size} words, p50 ms", f"{a['p50_ms']:.1f}", f"{b['p50_ms']:.1f}", ratio(a["p50_ms"], b["p50_ms"])])
        rows.append([
            f"{size} words, p95 ms", f"{a['p95_ms']:.1f}", f"{b['p95_ms']:.1f}", ratio(a["p95_ms"], b["p95_ms"])])
    a, b = ours["batch"], presidio["batch"]
    batch = f"batch of {a['notes']} notes ({a['words']} words)"
    rows += [
        [f"{batch}, words/s one core", f"{a['one_core_words_per_s']:,.0f}", f"{b['one_core_words_per_s']:,.0f}",
         ratio(b["one_core_words_per_s"], a["one_core_words_per_s"])],
        [f"{batch}, words/s {a['processes']} cores", f"{a['all_cores_words_per_s']:,.0f}",
         f"{b['all_cores_words_per_s']:,.0f}", ratio(b["all_cores_words_per_s"], a["all_cores_words_per_s"])],
        ["start-up to first result, s", f"{ours['startup_s']:.2f}", f"{presidio['startup_s']:.2f}",
         ratio(ours["startup_s"], presidio["startup_s"])],
        ["peak memory, MB", f"{ours['peak_memory_mb']:.0f}", f"{presidio['peak_memory_mb']:.0f}",
         ratio(ours["peak_memory_mb"], presidio["peak_memory_mb"])],
    ]
    main_table = markdown_table(["measure", *names, "ratio ours/presidio (time, memory)"], rows)

    linear_rows = []
    for result in results.values():
        per_size = [f"{result['latency'][str(s)]['words_per_s']:,.0f}" for s in SIZES]
        fit = result["linearity"]
        linear_rows.append([result["system"], *per_size, f"{fit['ms_per_1000_words']:.1f}",
                            f"{fit['intercept_ms']:.1f}", f"{fit['r_squared']:.3f}"])
    linear_table = markdown_table(
        ["system", *[f"words/s at {s}" for s in SIZES], "ms per 1,000 words (slope)", "intercept ms", "R²"],
        linear_rows,
    )
    return "\n".join([
        "# Speed benchmark", "", environment_lines(env), "",
        "## Latency, throughput, start-up, memory", "", main_table, "",
        "## Cost against text length (one note at a time, one core)", "", linear_table,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description="Speed benchmark: kita-anon vs plain Presidio.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a batch of 200 notes")
    parser.add_argument("--batch", type=int, default=None, help="notes in the throughput batch (default 2000)")
    parser.add_argument("--worker", choices=sorted(SYSTEMS), help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    batch_size = args.batch or (200 if args.quick else 2000)
    if args.worker:
        print(json.dumps(measure(args.worker, args.quick, batch_size, args.launched)))
        return

    env = environment(get_settings().model) | {"quick": args.quick}
    results = {name: run_isolated(name, args.quick, batch_size) for name in SYSTEMS}
    markdown = report(results, env)
    write_results("speed", {"environment": env, "systems": results}, markdown)
    print(markdown)


if __name__ == "__main__":
    main()
