"""Turn the marked-up evaluation documents in ``source/`` into ``gold.jsonl`` (text + character spans).

The sources are easy to review: ``### <id> <genre>`` starts a document, ``[[Ayşe Yılmaz|PERSON]]`` marks
an entity. The script refuses labels outside the project's label set, identifiers with a wrong
checksum, and any annotated string that occurs again in the same document without markup (every
mention counts). Run it after editing a source file; ``--check`` only verifies that gold.jsonl is current.

    python benchmarks/data/build_gold.py [--check]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from stdnum import iban
from stdnum.de import idnr

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "source"
GOLD = HERE / "gold.jsonl"

LABELS = frozenset(
    "PERSON ADDRESS LOCATION PHONE_NUMBER EMAIL_ADDRESS URL DATE_OF_BIRTH DATE_TIME AGE IBAN_CODE "
    "DE_TAX_ID DE_HEALTH_INSURANCE_NUMBER CASE_FILE_NUMBER DE_LICENSE_PLATE DE_ID_DOCUMENT NRP "
    "ORGANIZATION".split()
)
HEADER = re.compile(r"^### (?P<id>[\w-]+) (?P<genre>\w+)\s*$", re.MULTILINE)
MARKUP = re.compile(r"\[\[(?P<text>[^\[\]|]+)\|(?P<label>[A-Z_]+)\]\]")


def valid_health_insurance_number(value: str) -> bool:
    """Krankenversichertennummer: letter + 8 digits + check digit (weights 1,2 over the letter as 01-26)."""
    if not re.fullmatch(r"[A-Z]\d{9}", value):
        return False
    digits = f"{ord(value[0]) - 64:02d}{value[1:9]}"
    total = sum(sum(divmod(int(d) * (1 + i % 2), 10)) for i, d in enumerate(digits))
    return total % 10 == int(value[9])


CHECKSUMS = {
    "IBAN_CODE": iban.is_valid,
    "DE_TAX_ID": idnr.is_valid,
    "DE_HEALTH_INSURANCE_NUMBER": valid_health_insurance_number,
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Document:
    id: str
    genre: str
    text: str
    spans: list[Span]


class MarkupError(ValueError):
    pass


def parse_document(doc_id: str, genre: str, marked: str) -> Document:
    text_parts: list[str] = []
    spans: list[Span] = []
    cursor = length = 0
    for match in MARKUP.finditer(marked):
        plain = marked[cursor : match.start()]
        text_parts.append(plain)
        length += len(plain)
        value, label = match["text"], match["label"]
        if label not in LABELS:
            raise MarkupError(f"{doc_id}: unknown label {label!r} on {value!r}")
        check = CHECKSUMS.get(label)
        if check and not check(value.replace(" ", "")):
            raise MarkupError(f"{doc_id}: {value!r} fails the {label} checksum")
        spans.append(Span(length, length + len(value), label))
        text_parts.append(value)
        length += len(value)
        cursor = match.end()
    text_parts.append(marked[cursor:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise MarkupError(f"{doc_id}: broken markup near {text[text.find('[['):][:40]!r}")
    return Document(doc_id, genre, text, spans)


def unmarked_mentions(document: Document) -> list[str]:
    """An annotated value (and each part of a person's name) must be annotated wherever it occurs."""
    text, covered = document.text, [False] * len(document.text)
    for span in document.spans:
        covered[span.start : span.end] = [True] * (span.end - span.start)
    problems = []
    values = {text[s.start : s.end] for s in document.spans}
    values |= {part for s in document.spans if s.label == "PERSON" for part in text[s.start : s.end].split()}
    for value in sorted(values):
        for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            if not all(covered[match.start() : match.end()]):
                context = text[max(0, match.start() - 25) : match.end() + 25].replace("\n", " ")
                problems.append(f"{document.id}: {value!r} not annotated in ...{context}...")
    return problems


def read_sources() -> list[Document]:
    documents = []
    for path in sorted(SOURCES.glob("*.txt")):
        content = path.read_text(encoding="utf-8")
        headers = list(HEADER.finditer(content))
        for header, following in zip(headers, headers[1:] + [None]):
            body = content[header.end() : following.start() if following else len(content)]
            documents.append(parse_document(header["id"], header["genre"], body.strip("\n")))
    ids = [d.id for d in documents]
    problems = [f"duplicate document id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += [problem for document in documents for problem in unmarked_mentions(document)]
    if problems:
        raise MarkupError("\n".join(problems))
    return documents


def to_jsonl(documents: list[Document]) -> str:
    return "".join(json.dumps(asdict(d), ensure_ascii=False) + "\n" for d in documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if gold.jsonl is not up to date")
    args = parser.parse_args()
    try:
        documents = read_sources()
    except MarkupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    content = to_jsonl(documents)
    if args.check:
        current = GOLD.read_text(encoding="utf-8") if GOLD.exists() else ""
        if current != content:
            print("error: gold.jsonl is out of date; run benchmarks/data/build_gold.py", file=sys.stderr)
            return 1
        return 0
    GOLD.write_text(content, encoding="utf-8")
    spans = sum(len(d.spans) for d in documents)
    clean = sum(1 for d in documents if not d.spans)
    print(f"{len(documents)} documents ({clean} without personal data), {spans} gold spans -> {GOLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
