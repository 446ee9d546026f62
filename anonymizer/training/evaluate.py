"""Evaluate a pipeline on every held-out split and on the held-out Kita templates (``make eval-model``).

    python -m anonymizer.training.evaluate [--model PATH]

Prints a table of per-label precision / recall / F1 (PER recall is the headline) and writes
``evaluation.json`` into the model directory. Speed and memory are measured too (benchmarks, not tests).
"""
from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
import typer
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.training import Example

from anonymizer.config import SHIPPED_MODEL
from anonymizer.training.corpora import CORPORA, LABELS, Record, lowercased
from anonymizer.training.generator import generate

KITA_EVAL_FILLS = 25
SPEED_REPEAT_WORDS = 50_000


@dataclass(frozen=True)
class EvalSet:
    name: str
    records: list[Record]


def kita_sets(kita_fills: int = KITA_EVAL_FILLS) -> list[EvalSet]:
    """The held-out Kita templates: with names of all pools (as written and lower-cased), and with
    only the held-out names that training never saw."""
    kita = generate("eval", kita_fills, names="all")
    kita_lower = [copy for copy in map(lowercased, kita) if copy is not None]
    unseen = generate("eval", kita_fills, names="eval")
    return [
        EvalSet("kita_heldout_templates", kita),
        EvalSet("kita_heldout_lowercase", kita_lower),
        EvalSet("kita_heldout_unseen_names", unseen),
    ]


def public_sets() -> list[EvalSet]:
    return [EvalSet(c.name, c.load().heldout) for c in CORPORA.values() if c.available()]


def score(nlp: Language, records: list[Record]) -> dict[str, Any]:
    """Entity precision/recall/F1 overall and per label; the model tokenises the raw text itself."""
    blank = spacy.blank("de")
    references = [r.to_doc(blank) for r in records]
    predicted = nlp.pipe(ref.text for ref in references)
    examples = [Example(doc, ref) for doc, ref in zip(predicted, references)]
    scores = Scorer(nlp).score(examples)
    per_type = {
        label: {k: round(v, 4) for k, v in values.items()}
        for label, values in (scores.get("ents_per_type") or {}).items()
        if label in LABELS
    }
    return {
        "documents": len(records),
        "words": sum(len(ref) for ref in references),
        "entities": sum(len(ref.ents) for ref in references),
        "overall": {"p": round(scores["ents_p"], 4), "r": round(scores["ents_r"], 4), "f": round(scores["ents_f"], 4)},
        "per_label": per_type,
        "per_token_recall": person_token_recall(examples),
    }


def person_token_recall(examples: list[Example]) -> float | None:
    """Share of the words inside gold PER entities that a predicted PER entity covers: what anonymisation
    needs, regardless of where exactly the model put the entity boundaries."""
    covered = total = 0
    for example in examples:
        predicted = [(e.start_char, e.end_char) for e in example.predicted.ents if e.label_ == "PER"]
        for ent in example.reference.ents:
            if ent.label_ != "PER":
                continue
            for token in ent:
                total += 1
                start, end = token.idx, token.idx + len(token)
                covered += any(s < end and start < e for s, e in predicted)
    return round(covered / total, 4) if total else None


def performance(model: str, texts: list[str]) -> dict[str, float]:
    """Load time, words per second with nlp.pipe (one process), and peak memory of this process."""
    start = time.perf_counter()
    nlp = spacy.load(model)
    load_seconds = time.perf_counter() - start
    corpus: list[str] = []
    words = 0
    while words < SPEED_REPEAT_WORDS:
        for text in texts:
            corpus.append(text)
            words += len(text.split())
    start = time.perf_counter()
    for _ in nlp.pipe(corpus, batch_size=256):
        pass
    seconds = time.perf_counter() - start
    return {
        "load_seconds": round(load_seconds, 3),
        "words_per_second": round(words / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def format_table(results: dict[str, dict[str, Any]]) -> str:
    header = (
        f"{'set':<24} {'docs':>5} " + " ".join(f"{label + ' P/R/F':>20}" for label in LABELS)
        + f" {'all F':>6} {'PER tok R':>9}"
    )
    lines = [header, "-" * len(header)]
    for name, result in results.items():
        cells = []
        for label in LABELS:
            values = result["per_label"].get(label)
            cells.append(f"{values['p']:.2f}/{values['r']:.2f}/{values['f']:.2f}" if values else "-")
        lines.append(
            f"{name:<24} {result['documents']:>5} " + " ".join(f"{c:>20}" for c in cells)
            + f" {result['overall']['f']:>6.2f} {result['per_token_recall'] or 0:>9.3f}"
        )
    return "\n".join(lines)


def main(model: Path = typer.Option(SHIPPED_MODEL, help="Pipeline directory to evaluate.")) -> None:
    sets = kita_sets()
    # Before the public corpora are read, so that peak memory is mostly the pipeline's.
    perf = performance(str(model), [r.text for r in sets[0].records])
    sets += public_sets()
    nlp = spacy.load(model)
    results = {s.name: score(nlp, s.records) for s in sets if s.records}
    print(format_table(results))
    print(f"\nspeed: {perf['words_per_second']} words/s, load {perf['load_seconds']} s, peak RSS {perf['peak_rss_mb']} MB")
    report = {"model": str(model), "results": results, "performance": perf}
    (model / "evaluation.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
