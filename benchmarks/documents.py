"""Whole documents, per kind of text: the project's document corpus and the shared kita-dev corpus.

Both use the kita-dev label scheme; ``PROJECT_LABEL`` maps it to the project's entity types, and as in
the rest of the benchmark an entity counts as removed when every letter of it lies inside findings
of any type.

- own held-out documents: the templates of ``anonymizer/training/data/documents`` marked ``heldout``
  (filled with the held-out share of the names), per kind;
- leave-one-kind-out: every document of a kind (all its templates), for the kinds that
  ``corpus_tuning.yaml`` does not list as tuned on; whether the closest kita-dev kind has been tuned on
  (its dev half) is shown next to it;
- kita-dev held-out half (``kita_dev_split.load("heldout")``), per kind and in total.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from kita_dev_split import KITA_DEV, load as load_kita_dev
from reporting import GoldDocument, markdown_table

from anonymizer.training.document_corpus import PROJECT_LABEL, Document

TUNING = Path(__file__).resolve().parent / "corpus_tuning.yaml"
# Meeting, festival and closing dates are not personal data (label guide); a date finding in a
# document without personal data is counted apart from the other false positives.
DATE_LABELS = frozenset({"DATE_TIME"})


def from_corpus(documents: Sequence[Document]) -> list[GoldDocument]:
    return [
        GoldDocument(d.id, d.kind, d.text, tuple((s, e, PROJECT_LABEL[label]) for s, e, label in d.spans))
        for d in documents
    ]


def kita_dev(part: str, path: Path = KITA_DEV) -> list[GoldDocument]:
    """One half of kita-dev as gold documents ("heldout" only ever for evaluation)."""
    return [
        GoldDocument(
            doc["id"], doc["kind"], doc["text"],
            tuple((s["start"], s["end"], PROJECT_LABEL[s["label"]]) for s in doc["spans"]),
        )
        for doc in load_kita_dev(part, path)
    ]


def tuning() -> dict:
    return yaml.safe_load(TUNING.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class KindRow:
    """The numbers of one kind (or of all kinds) for one system."""

    kind: str
    documents: int
    clean_documents: int
    persons: int
    persons_found: int
    entities: int
    entities_found: int
    char_precision: float | None
    clean_false_positives: int  # findings in documents without personal data, dates aside
    clean_date_findings: int

    @property
    def person_recall(self) -> float | None:
        return self.persons_found / self.persons if self.persons else None

    @property
    def recall(self) -> float | None:
        return self.entities_found / self.entities if self.entities else None

    @property
    def false_positives_per_10_clean(self) -> float | None:
        return 10 * self.clean_false_positives / self.clean_documents if self.clean_documents else None

    def to_dict(self) -> dict:
        return {**self.__dict__, "person_recall": self.person_recall, "recall": self.recall,
                "false_positives_per_10_clean": self.false_positives_per_10_clean}


def kind_row(kind: str, documents: Sequence[GoldDocument], predictions: Sequence[list], evaluate: Callable) -> KindRow:
    result = evaluate(documents, predictions)
    person = result.by_label.get("PERSON")
    dates = sum(1 for fp in result.clean_false_positives if fp["label"] in DATE_LABELS)
    return KindRow(
        kind, len(documents), sum(1 for d in documents if not d.spans),
        person.entities if person else 0, person.found if person else 0,
        result.overall.entities, result.overall.found, result.overall.precision,
        len(result.clean_false_positives) - dates, dates,
    )


def per_kind(documents: Sequence[GoldDocument], predictions: Sequence[list], evaluate: Callable) -> list[KindRow]:
    """One row per kind (``GoldDocument.genre``), then the total."""
    by_kind: dict[str, list[int]] = {}
    for index, document in enumerate(documents):
        by_kind.setdefault(document.genre, []).append(index)
    rows = [
        kind_row(kind, [documents[i] for i in indices], [predictions[i] for i in indices], evaluate)
        for kind, indices in sorted(by_kind.items())
    ]
    return rows + [kind_row("**total**", documents, predictions, evaluate)]


def _ratio(value: float | None, found: int, total: int) -> str:
    return "–" if value is None else f"{value:.3f} ({found}/{total})"


def _value(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _clean_cell(row: KindRow) -> str:
    if not row.clean_documents:
        return "–"
    return f"{row.clean_false_positives} in {row.clean_documents} (+{row.clean_date_findings} dates)"


def kind_table(rows_by_system: dict[str, list[KindRow]]) -> str:
    """Per kind: PERSON recall, all-personal-data recall, character precision and false positives in
    the documents without personal data, for every system side by side."""
    systems = list(rows_by_system)
    headers = ["kind", "docs"]
    for name in systems:
        headers += [f"{name} PERSON recall", f"{name} all PII recall", f"{name} char precision",
                    f"{name} FPs in no-PII docs"]
    lines = []
    for index, first in enumerate(rows_by_system[systems[0]]):
        cells: list[object] = [first.kind, first.documents]
        for name in systems:
            row = rows_by_system[name][index]
            cells += [_ratio(row.person_recall, row.persons_found, row.persons),
                      _ratio(row.recall, row.entities_found, row.entities),
                      _value(row.char_precision), _clean_cell(row)]
        lines.append(cells)
    return markdown_table(headers, lines)


def leave_one_kind_out_table(rows: list[KindRow], tuning_data: dict) -> tuple[str, dict]:
    """Every kind of the corpus that nothing was tuned on, with the kita-dev kind closest to it."""
    tuned = set(tuning_data.get("tuned_on_kinds") or [])
    counterparts = tuning_data.get("kita_dev_counterpart") or {}
    lines, strict_recalls = [], []
    for row in rows[:-1]:
        if row.kind in tuned:
            lines.append([row.kind, row.documents, "tuned on: not a leave-one-kind-out result", "–", "–"])
            continue
        counterpart = counterparts.get(row.kind)
        if counterpart is None and row.person_recall is not None:
            strict_recalls.append(row.person_recall)
        lines.append([
            row.kind, row.documents,
            f"{counterpart} (dev half tuned on)" if counterpart else "none (strict)",
            _ratio(row.person_recall, row.persons_found, row.persons),
            _ratio(row.recall, row.entities_found, row.entities),
        ])
    held_out_kinds = [row for row in rows[:-1] if row.kind not in tuned and row.person_recall is not None]
    summary = {
        "kinds": len(held_out_kinds),
        "min_person_recall": min((r.person_recall for r in held_out_kinds), default=None),
        "kinds_person_recall_at_least_0_98": sum(1 for r in held_out_kinds if r.person_recall >= 0.98),
        "min_person_recall_strict": min(strict_recalls, default=None),
    }
    table = markdown_table(
        ["kind", "docs (all templates)", "closest kita-dev kind", "PERSON recall", "all PII recall"], lines
    )
    return table, summary
