"""Name substitution: copies of public-corpus sentences with their person names swapped for names of
many origins, so the model meets "Mehmet Yılmaz" and "Hodan Warsame" in real newspaper and letter contexts."""
from __future__ import annotations

from anonymizer.training.corpora import Record, TextRecord, TokenRecord
from anonymizer.training.generator import Filler


def _replacement(filler: Filler, words: int) -> str:
    """A single name for one-word mentions (first or family name), a full name otherwise."""
    person = filler.person()
    if words > 1:
        return f"{person.first} {person.last}"
    return person.first if filler.rng.random() < 0.5 else person.last


def _substitute_tokens(record: TokenRecord, filler: Filler) -> TokenRecord:
    words: list[str] = []
    tags: list[str] = []
    i = 0
    while i < len(record.words):
        if record.tags[i] != "B-PER":
            words.append(record.words[i])
            tags.append(record.tags[i])
            i += 1
            continue
        end = i + 1
        while end < len(record.words) and record.tags[end] == "I-PER":
            end += 1
        name = _replacement(filler, end - i).split()
        words.extend(name)
        tags.extend(["B-PER"] + ["I-PER"] * (len(name) - 1))
        i = end
    return TokenRecord(tuple(words), tuple(tags), record.group)


def _substitute_text(record: TextRecord, filler: Filler) -> TextRecord:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    shift = 0
    for start, end, label in sorted(record.spans):
        if start < cursor:
            continue  # overlapping mention; TextRecord.to_doc would drop it anyway
        parts.append(record.text[cursor:start])
        value = record.text[start:end]
        if label == "PER":
            value = _replacement(filler, len(value.split()))
        spans.append((start + shift, start + shift + len(value), label))
        shift += len(value) - (end - start)
        parts.append(value)
        cursor = end
    parts.append(record.text[cursor:])
    return TextRecord("".join(parts), tuple(spans), record.group)


def substitute_names(record: Record, filler: Filler) -> Record | None:
    """A copy with every PER mention replaced by a drawn name; None when the record names nobody."""
    if isinstance(record, TokenRecord):
        return _substitute_tokens(record, filler) if "B-PER" in record.tags else None
    if any(label == "PER" for _, _, label in record.spans):
        return _substitute_text(record, filler)
    return None
