"""The per-kind part of `make bench-quality`: the kita-dev loader, the label mapping and the tables."""
from __future__ import annotations

import json
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import documents as whole_documents  # noqa: E402  (benchmarks/ is a folder of scripts, not a package)
from quality import evaluate  # noqa: E402
from reporting import GoldDocument  # noqa: E402


def _doc(doc_id: str, text: str, spans: list[tuple[str, str]]) -> dict:
    kind = doc_id.rsplit("_", 1)[0]
    return {"id": doc_id, "kind": kind, "text": text, "spans": [
        {"start": text.index(value), "end": text.index(value) + len(value), "label": label, "text": value}
        for value, label in spans
    ]}


def test_kita_dev_loader_keeps_the_halves_apart_and_maps_labels(tmp_path):
    path = tmp_path / "docs.jsonl"
    docs = [  # "chat" is the second kind: it holds out its even-numbered documents
        _doc("chat_01", "[07:15] Mama Saltuk: Hallo", [("Saltuk", "PERSON")]),
        _doc("chat_02", "Jelena P.: Ruf an unter 0176 2215 8843", [("Jelena P.", "PERSON"), ("0176 2215 8843", "PHONE")]),
        _doc("accident_01", "Unfall am 24.01. im Garten", [("24.01.", "DATE")]),
    ]
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    heldout = whole_documents.kita_dev("heldout", path)
    assert [d.id for d in heldout] == ["chat_02", "accident_01"]
    assert heldout[0].spans == ((0, 9, "PERSON"), (24, 38, "PHONE_NUMBER"))
    assert heldout[1].spans == ((10, 16, "DATE_TIME"),)
    assert heldout[0].genre == "chat"
    assert [d.id for d in whole_documents.kita_dev("dev", path)] == ["chat_01"]


def test_per_kind_rows_and_table():
    documents = [
        GoldDocument("a1", "chat", "Mama Saltuk und Jelena P.", ((5, 11, "PERSON"), (16, 25, "PERSON"))),
        GoldDocument("a2", "chat", "Frau Wiese ruft an: 0176 2215 8843", ((5, 10, "PERSON"), (20, 34, "PHONE_NUMBER"))),
        GoldDocument("b1", "table", "Schließtage: Montag, 03.10.2026, Küche zu", ()),
    ]
    predictions = [
        [(5, 11, "PERSON")],  # "Jelena P." is missed
        [(5, 10, "PERSON"), (20, 34, "PHONE_NUMBER")],
        [(13, 19, "LOCATION"), (21, 31, "DATE_TIME")],  # a weekday taken for a place, a meeting date
    ]
    chat, table, total = whole_documents.per_kind(documents, predictions, evaluate)
    assert (chat.kind, chat.persons, chat.persons_found, chat.entities_found) == ("chat", 3, 2, 3)
    assert chat.person_recall == 2 / 3 and chat.recall == 3 / 4
    assert (table.clean_documents, table.clean_false_positives, table.clean_date_findings) == (1, 1, 1)
    assert table.person_recall is None and table.false_positives_per_10_clean == 10.0
    assert (total.kind, total.documents, total.persons_found) == ("**total**", 3, 2)

    rendered = whole_documents.kind_table({"kita-anon": [chat, table, total]})
    assert "| chat | 2 | 0.667 (2/3) | 0.750 (3/4) |" in rendered
    assert "1 in 1 (+1 dates)" in rendered

    loko, summary = whole_documents.leave_one_kind_out_table(
        [chat, table, total], {"tuned_on_kinds": ["table"], "kita_dev_counterpart": {"chat": None}}
    )
    assert "| chat | 2 | none (strict) | 0.667 (2/3) |" in loko
    assert "tuned on: not a leave-one-kind-out result" in loko
    assert summary["min_person_recall_strict"] == 2 / 3 and summary["kinds"] == 1


def test_every_corpus_kind_is_declared_in_the_tuning_file():
    from anonymizer.training.document_corpus import load_templates

    declared = whole_documents.tuning()["kita_dev_counterpart"]
    assert {t.kind for t in load_templates()} == set(declared)
