"""Evaluate a pipeline on every held-out split and on the held-out Kita templates (``make eval-model``).

    python -m anonymizer.training.evaluate [--model PATH]

Prints two tables and writes both into ``evaluation.json`` in the model directory:

1. the model alone: per-label precision / recall / F1 as spaCy scores them;
2. the headline, PERSON as ``kita-anon`` finds it: the hybrid detector (this model plus name lists
   and context rules). A gold name counts as found only when every one of its words is covered by
   PERSON findings (half a name is a leak); a finding is correct when it overlaps a gold name.

Speed and memory of the model are measured too (benchmarks, not tests).
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

from anonymizer.config import SHIPPED_MODEL, Settings
from anonymizer.detection import Detector
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


def person_scores(detector: Detector, records: list[Record]) -> dict[str, Any]:
    """PERSON precision / recall / F1 of the hybrid detector against the gold PER entities."""
    blank = spacy.blank("de")
    references = [r.to_doc(blank) for r in records]
    found = missed = correct = wrong = 0
    # All entities, as in use: where an address or organisation wins an overlap, it is no person.
    results = detector.analyze_batch(ref.text for ref in references)
    for reference, findings in zip(references, results, strict=True):
        spans = [(f.start, f.end) for f in findings if f.label == "PERSON"]
        gold = [entity for entity in reference.ents if entity.label_ == "PER"]
        for entity in gold:
            words = [(t.idx, t.idx + len(t)) for t in entity if not t.is_punct]
            hidden = all(any(s < end and start < e for s, e in spans) for start, end in words)
            found, missed = found + hidden, missed + (not hidden)
        for start, end in spans:
            hit = any(start < e.end_char and e.start_char < end for e in gold)
            correct, wrong = correct + hit, wrong + (not hit)
    precision = correct / (correct + wrong) if correct + wrong else 0.0
    recall = found / (found + missed) if found + missed else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(records), "names": found + missed, "missed": missed, "false_positives": wrong,
        "p": round(precision, 4), "r": round(recall, 4), "f": round(f1, 4),
    }


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


def format_person_table(results: dict[str, dict[str, Any]]) -> str:
    header = f"{'set':<26} {'docs':>5} {'names':>6} {'missed':>6} {'FP':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [header, "-" * len(header)]
    for name, r in results.items():
        lines.append(
            f"{name:<26} {r['documents']:>5} {r['names']:>6} {r['missed']:>6} {r['false_positives']:>5}"
            f" {r['p']:>6.3f} {r['r']:>6.3f} {r['f']:>6.3f}"
        )
    return "\n".join(lines)


def main(model: Path = typer.Option(SHIPPED_MODEL, help="Pipeline directory to evaluate.")) -> None:
    sets = kita_sets()
    # Before the public corpora are read, so that peak memory is mostly the pipeline's.
    perf = performance(str(model), [r.text for r in sets[0].records])
    sets = [s for s in sets + public_sets() if s.records]
    nlp = spacy.load(model)
    results = {s.name: score(nlp, s.records) for s in sets}
    print("The model alone (spaCy entity scores):")
    print(format_table(results))
    print(f"\nspeed: {perf['words_per_second']} words/s, load {perf['load_seconds']} s, peak RSS {perf['peak_rss_mb']} MB")
    detector = Detector(Settings(model=str(model)))
    persons = {s.name: person_scores(detector, s.records) for s in sets}
    print("\nPERSON as kita-anon finds it (model + name lists + context rules), the headline:")
    print(format_person_table(persons))
    report = {"model": str(model), "results": results, "person_hybrid": persons, "performance": perf}
    (model / "evaluation.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
