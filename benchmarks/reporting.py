"""What both benchmarks share: the gold corpus, the run's environment, Markdown tables, result files."""
from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "gold.jsonl"
RESULTS = HERE / "results"


@dataclass(frozen=True)
class GoldDocument:
    id: str
    genre: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # start, end, label


def load_gold(path: Path = GOLD) -> list[GoldDocument]:
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        spans = tuple((s["start"], s["end"], s["label"]) for s in record["spans"])
        documents.append(GoldDocument(record["id"], record["genre"], record["text"], spans))
    return documents


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "unknown"


def environment(model: str) -> dict[str, object]:
    """When, where and with what a benchmark ran: the header of every result file."""
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "machine": f"{os.cpu_count()} cores, {_cpu_model()}, {platform.system()} {platform.release()}",
        # Other work on the machine slows every number down; the load says how much there was.
        "load_average_1_5_15_min": " / ".join(f"{load:.1f}" for load in os.getloadavg()),
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "presidio_analyzer": version("presidio-analyzer"),
        "model": model,
    }


def environment_lines(env: dict[str, object]) -> str:
    return "\n".join(f"- {key}: {value}" for key, value in env.items())


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(name: str, data: dict, markdown: str) -> tuple[Path, Path]:
    RESULTS.mkdir(exist_ok=True)
    json_path, md_path = RESULTS / f"{name}.json", RESULTS / f"{name}.md"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown + "\n", encoding="utf-8")
    return json_path, md_path
