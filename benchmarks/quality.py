"""Quality benchmark: how much personal data slips through, kita-anon next to plain Presidio.

kita-anon is measured through ``anonymize()`` under the configured policy: what it replaces is what
counts (see ``baseline.py``).

On the project's labelled corpus (``benchmarks/data/gold.jsonl``) and on the held-out splits of the
public NER corpora in ``../shared/data/ner`` (when present), per entity type and overall:

- entity recall: an entity counts as found only when every letter and digit of it lies inside
  findings (of any type: for privacy it matters that it is gone, not what it was called);
- character precision: the share of letters and digits inside findings that belong to an entity;
- F2 of the two (recall weighs four times as much as precision);
- leaked person names, and false positives in the documents without personal data.

Then whole documents per kind of text (``documents.py``): the project's own held-out documents, a
leave-one-kind-out table over the whole-document corpus, and the held-out half of ``../shared/data/kita-dev``.

    .venv/bin/python benchmarks/quality.py [--quick] [--ner-limit 1000] [--ner-corpora ...]
"""
from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import documents as whole_documents
from baseline import PRESIDIO_THRESHOLD, SYSTEMS, Hit, System
from reporting import GoldDocument, environment, environment_lines, load_gold, markdown_table, write_results

from anonymizer.config import get_settings
from anonymizer.training import document_corpus
from anonymizer.training.corpora import CORPORA, Record, TokenRecord

NER_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "STREET": "ADDRESS"}
DEFAULT_NER_CORPORA = ("germeval2014", "legal_ler", "mobie", "grascco_phi")


@dataclass
class Tally:
    entities: int = 0
    found: int = 0
    predicted_chars: int = 0
    correct_chars: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.entities if self.entities else None

    @property
    def precision(self) -> float | None:
        return self.correct_chars / self.predicted_chars if self.predicted_chars else None

    @property
    def f2(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 5 * p * r / (4 * p + r)

    def to_dict(self) -> dict:
        return asdict(self) | {"recall": self.recall, "char_precision": self.precision, "f2": self.f2}


@dataclass
class Evaluation:
    by_label: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)
    leaked: list[dict] = field(default_factory=list)
    clean_false_positives: list[dict] = field(default_factory=list)

    @property
    def leaked_person_names(self) -> int:
        return sum(1 for entity in self.leaked if entity["label"] == "PERSON")

    def to_dict(self, with_examples: bool) -> dict:
        data = {
            "overall": self.overall.to_dict(),
            "by_label": {label: tally.to_dict() for label, tally in sorted(self.by_label.items())},
            "leaked_person_names": self.leaked_person_names,
            "false_positives_in_clean_documents": len(self.clean_false_positives),
        }
        if with_examples:  # the corpus is invented, so its leaks may be shown to developers
            data |= {"leaked": self.leaked, "clean_false_positives": self.clean_false_positives}
        return data


def _chars(spans: Sequence[tuple[int, int, str]], meaningful: Sequence[bool]) -> set[int]:
    return {i for start, end, _ in spans for i in range(start, end) if meaningful[i]}


def _regions(hits: Sequence[Hit]) -> list[Hit]:
    """Overlapping hits as one region each (plain Presidio reports the same text several times)."""
    regions: list[Hit] = []
    for start, end, label in sorted(hits):
        if regions and start < regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]), regions[-1][2])
        else:
            regions.append((start, end, label))
    return regions


def evaluate(documents: Sequence[GoldDocument], predictions: Sequence[list[Hit]]) -> Evaluation:
    result = Evaluation()
    for document, hits in zip(documents, predictions, strict=True):
        text = document.text
        meaningful = [char.isalnum() for char in text]
        predicted, gold = _chars(hits, meaningful), _chars(document.spans, meaningful)
        for start, end, label in document.spans:
            tally = result.by_label[label]
            tally.entities += 1
            result.overall.entities += 1
            if _chars([(start, end, label)], meaningful) <= predicted:
                tally.found += 1
                result.overall.found += 1
            else:
                result.leaked.append({"id": document.id, "label": label, "text": text[start:end]})
        for label in {label for _, _, label in hits}:
            chars = _chars([hit for hit in hits if hit[2] == label], meaningful)
            result.by_label[label].predicted_chars += len(chars)
            result.by_label[label].correct_chars += len(chars & gold)
        result.overall.predicted_chars += len(predicted)
        result.overall.correct_chars += len(predicted & gold)
        if not document.spans:
            result.clean_false_positives += [
                {"id": document.id, "label": label, "text": text[start:end]} for start, end, label in _regions(hits)
            ]
    return result


def predict(system: System, documents: Sequence[GoldDocument]) -> list[list[Hit]]:
    return [system.analyze(document.text) for document in documents]


def run(system: System, documents: Sequence[GoldDocument], counted_labels: set[str] | None = None) -> Evaluation:
    predictions = predict(system, documents)
    if counted_labels is not None:  # the NER corpora annotate only names, places and organisations
        predictions = [[hit for hit in hits if hit[2] in counted_labels] for hits in predictions]
    return evaluate(documents, predictions)


# --- public NER corpora ------------------------------------------------------------------------------
def _to_gold(record: Record, index: int, corpus: str) -> GoldDocument:
    """A corpus record as a gold document; tokenised sentences are joined with single spaces and
    their IOB tags become character spans."""
    if not isinstance(record, TokenRecord):
        spans = tuple((start, end, NER_LABELS[label]) for start, end, label in record.spans)
        return GoldDocument(f"{corpus}-{index}", corpus, record.text, spans)
    starts, position = [], 0
    for word in record.words:
        starts.append(position)
        position += len(word) + 1
    spans: list[tuple[int, int, str]] = []
    open_span: tuple[int, str] | None = None  # start, corpus label
    for i, tag in enumerate((*record.tags, "O")):
        if open_span and tag != f"I-{open_span[1]}":
            spans.append((open_span[0], starts[i - 1] + len(record.words[i - 1]), NER_LABELS[open_span[1]]))
            open_span = None
        if tag != "O" and open_span is None:
            open_span = (starts[i], tag[2:])
    return GoldDocument(f"{corpus}-{index}", corpus, " ".join(record.words), tuple(spans))


def ner_documents(name: str, limit: int) -> list[GoldDocument]:
    """A seeded sample of the corpus' held-out records (the ones the shipped model never saw)."""
    heldout = CORPORA[name].load().heldout
    sample = random.Random(0).sample(heldout, min(limit, len(heldout)))
    return [_to_gold(record, i, name) for i, record in enumerate(sample)]


# --- report ------------------------------------------------------------------------------------------
def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def comparison_table(evaluations: dict[str, Evaluation]) -> str:
    names = list(evaluations)
    labels = sorted({label for e in evaluations.values() for label in e.by_label})
    headers = ["type", "entities"] + [f"{n} {m}" for n in names for m in ("recall", "char precision", "F2")]

    def row(title: str, pick) -> list[object]:
        tallies = [pick(e) for e in evaluations.values()]
        cells: list[object] = [title, tallies[0].entities]
        for tally in tallies:
            found = f"{_cell(tally.recall)} ({tally.found})" if tally.entities else "–"
            cells += [found, _cell(tally.precision), _cell(tally.f2)]
        return cells

    rows = [row(label, lambda e, label=label: e.by_label.get(label, Tally())) for label in labels]
    rows.append(row("**overall**", lambda e: e.overall))
    return markdown_table(headers, rows)


def summary_lines(evaluations: dict[str, Evaluation]) -> str:
    return "\n".join(
        f"- {name}: {e.leaked_person_names} leaked person names, "
        f"{len(e.clean_false_positives)} false positives in the documents without personal data"
        for name, e in evaluations.items()
    )


def _summary(name: str, total: whole_documents.KindRow) -> str:
    per_10 = total.false_positives_per_10_clean
    return (f"- {name}: PERSON recall {_cell(total.person_recall)}, all personal data {_cell(total.recall)}, "
            f"{'–' if per_10 is None else f'{per_10:.1f}'} false positives per 10 documents without personal data "
            f"(dates aside; {total.clean_date_findings} date findings there)")


def whole_document_sections(systems: Sequence[System], fills: int) -> tuple[list[str], dict]:
    """The per-kind tables: own held-out documents, leave-one-kind-out, kita-dev's held-out half."""
    kita_anon = systems[0]
    corpus = whole_documents.from_corpus(document_corpus.split("all", fills))
    heldout_ids = {d.id for d in document_corpus.split("heldout", fills)}
    own_predictions = predict(kita_anon, corpus)  # every kind's documents, for leave-one-kind-out
    heldout = [i for i, d in enumerate(corpus) if d.id in heldout_ids]
    heldout_docs = [corpus[i] for i in heldout]
    heldout_rows = {kita_anon.name: whole_documents.per_kind(heldout_docs, [own_predictions[i] for i in heldout], evaluate)}
    for system in systems[1:]:
        heldout_rows[system.name] = whole_documents.per_kind(heldout_docs, predict(system, heldout_docs), evaluate)
    loko_rows = whole_documents.per_kind(corpus, own_predictions, evaluate)
    loko_table, loko_summary = whole_documents.leave_one_kind_out_table(loko_rows, whole_documents.tuning())
    kita_dev = whole_documents.kita_dev("heldout")
    kita_dev_rows = {s.name: whole_documents.per_kind(kita_dev, predict(s, kita_dev), evaluate) for s in systems}

    markdown = [
        "", f"## Own whole documents, held-out templates ({len(heldout_docs)} documents, "
        f"{len({d.genre for d in heldout_docs})} kinds)", "",
        "Templates of `anonymizer/training/data/documents/` marked `heldout`, filled with held-out names; "
        "never used for tuning or training.", "",
        whole_documents.kind_table(heldout_rows), "",
        *(_summary(name, rows[-1]) for name, rows in heldout_rows.items()),
        "", f"## Leave-one-kind-out ({kita_anon.name}, all {len(corpus)} documents of the corpus)", "",
        "Every template of a kind, for the kinds `benchmarks/corpus_tuning.yaml` does not list as tuned on "
        "(no rule was tuned and no model trained on any document of that kind).", "",
        loko_table, "",
        f"- lowest PERSON recall of a kind: {_cell(loko_summary['min_person_recall'])}; "
        f"kinds at PERSON recall ≥ 0.98: {loko_summary['kinds_person_recall_at_least_0_98']} of {loko_summary['kinds']}; "
        f"lowest of the kinds without a kita-dev counterpart: {_cell(loko_summary['min_person_recall_strict'])}",
    ]
    if kita_dev:
        markdown += [
            "", f"## kita-dev, held-out half ({len(kita_dev)} documents, evaluation only)", "",
            whole_documents.kind_table(kita_dev_rows), "",
            *(_summary(name, rows[-1]) for name, rows in kita_dev_rows.items()),
        ]
    else:
        markdown += ["", "## kita-dev: not present, skipped"]
    data = {
        "own_heldout": {n: [r.to_dict() for r in rows] for n, rows in heldout_rows.items()},
        "leave_one_kind_out": {"rows": [r.to_dict() for r in loko_rows], "summary": loko_summary},
        "kita_dev_heldout": {n: [r.to_dict() for r in rows] for n, rows in kita_dev_rows.items()},
        "fills_per_template": fills,
    }
    return markdown, data


def main() -> None:
    parser = argparse.ArgumentParser(description="Quality benchmark: kita-anon vs plain Presidio.")
    parser.add_argument("--ner-limit", type=int, default=1000, help="held-out records per NER corpus")
    parser.add_argument("--ner-corpora", nargs="*", default=list(DEFAULT_NER_CORPORA), choices=sorted(CORPORA))
    parser.add_argument("--quick", action="store_true",
                        help="only 100 records per NER corpus and 2 fills per document template")
    args = parser.parse_args()
    ner_limit = 100 if args.quick else args.ner_limit
    fills = 2 if args.quick else document_corpus.FILLS_PER_TEMPLATE

    settings = get_settings()
    systems = [make(settings) for make in SYSTEMS.values()]
    gold = load_gold()
    started = time.perf_counter()
    evaluations = {system.name: run(system, gold) for system in systems}
    env = environment(settings.model) | {"policy": settings.policy, "presidio_threshold": PRESIDIO_THRESHOLD}
    data: dict = {
        "environment": env,
        "corpus": {"documents": len(gold), "clean_documents": sum(1 for d in gold if not d.spans),
                   "entities": sum(len(d.spans) for d in gold)},
        "systems": {name: e.to_dict(with_examples=True) for name, e in evaluations.items()},
        "ner_corpora": {},
    }
    markdown = [
        "# Quality benchmark", "", environment_lines(env), "",
        f"## Evaluation corpus ({data['corpus']['documents']} documents, {data['corpus']['entities']} entities, "
        f"{data['corpus']['clean_documents']} documents without personal data)", "",
        comparison_table(evaluations), "", summary_lines(evaluations),
    ]
    counted = set(NER_LABELS.values())
    for name in args.ner_corpora:
        if not CORPORA[name].available():
            markdown += ["", f"## {name}: not present, skipped"]
            continue
        documents = ner_documents(name, ner_limit)
        ner_evaluations = {system.name: run(system, documents, counted) for system in systems}
        data["ner_corpora"][name] = {
            "records": len(documents),
            "systems": {n: e.to_dict(with_examples=False) for n, e in ner_evaluations.items()},
        }
        markdown += ["", f"## {name} (held-out split, {len(documents)} records; PER/LOC/ORG/street only)", "",
                     comparison_table(ner_evaluations)]
    document_markdown, data["whole_documents"] = whole_document_sections(systems, fills)
    markdown += document_markdown
    data["seconds"] = round(time.perf_counter() - started, 1)
    markdown += ["", f"Runtime: {data['seconds']} s."]
    write_results("quality", data, "\n".join(markdown))
    print("\n".join(markdown))


if __name__ == "__main__":
    main()
