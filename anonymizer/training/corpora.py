"""Readers for the public German NER corpora in ``../shared/data/ner`` (one per folder, see its SOURCE.md).

Every reader maps the corpus' own tag set to ours (``LABELS``) and returns a fixed, seeded split into
training records and held-out records. Held-out records are split by document wherever a corpus has
documents, so that no document is half in training and half in evaluation.
"""
from __future__ import annotations

import gzip
import json
import random
import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from anonymizer.config import PROJECT_ROOT

LABELS = ("PER", "LOC", "ORG", "STREET")
SHARED_NER = PROJECT_ROOT.parent / "shared" / "data" / "ner"
SEED = 20140


@dataclass(frozen=True)
class TokenRecord:
    """A pre-tokenised sentence with IOB tags in our label set."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    group: str  # the document it came from; splits never separate a group

    def to_doc(self, nlp: Language) -> Doc:
        doc = Doc(nlp.vocab, words=list(self.words), ents=_valid_iob(self.tags))
        doc.ents = _trimmed(doc.ents)
        return doc


@dataclass(frozen=True)
class TextRecord:
    """Raw text with character spans ``(start, end, label)`` in our label set."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    group: str

    def to_doc(self, nlp: Language) -> Doc:
        doc = nlp.make_doc(self.text)
        ents = []
        for start, end, label in _without_overlaps(self.spans):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and not any(span.start < e.end and e.start < span.end for e in ents):
                ents.append(span)
        doc.ents = _trimmed(ents)
        return doc


Record = TokenRecord | TextRecord


def lowercased(record: Record) -> Record | None:
    """The same record in lower case, as typed on a phone; None where lowering changes lengths ("İ")."""
    if isinstance(record, TokenRecord):
        return TokenRecord(tuple(word.lower() for word in record.words), record.tags, record.group)
    lower = record.text.lower()
    return TextRecord(lower, record.spans, record.group) if len(lower) == len(record.text) else None


@dataclass
class CorpusSplit:
    train: list[Record]
    heldout: list[Record]


@dataclass(frozen=True)
class Corpus:
    """One public corpus: where it lives, its licence, and how to read it."""

    name: str
    folder: str
    licence: str
    attribution: str
    reader: Callable[[Path], CorpusSplit] = field(repr=False)

    @property
    def path(self) -> Path:
        return SHARED_NER / self.folder

    def available(self) -> bool:
        return self.path.is_dir()

    def load(self) -> CorpusSplit:
        return self.reader(self.path)


def _trimmed(spans: Iterable[Span]) -> list[Span]:
    """Entities without leading or trailing whitespace tokens (spaCy's NER cannot learn those)."""
    trimmed = []
    for span in spans:
        start, end = span.start, span.end
        while start < end and span.doc[start].is_space:
            start += 1
        while end > start and span.doc[end - 1].is_space:
            end -= 1
        if end > start:
            trimmed.append(Span(span.doc, start, end, label=span.label_))
    return trimmed


def _valid_iob(tags: Iterable[str]) -> list[str]:
    """Repair IOB sequences: an ``I-X`` that does not continue an ``X`` entity starts one."""
    fixed: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


def _without_overlaps(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans (some corpora nest mentions)."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, label))
    return sorted(kept)


def map_tag(tag: str, mapping: dict[str, str]) -> str:
    """``B-location-city`` -> ``B-LOC`` with a corpus' label mapping; unmapped labels become ``O``."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    ours = mapping.get(label)
    return f"{prefix.upper()}-{ours}" if ours and prefix.upper() in ("B", "I") else "O"


def split_by_group(records: list[Record], heldout_fraction: float, seed: int = SEED) -> CorpusSplit:
    """Seeded split that keeps every group (document) on one side."""
    groups = sorted({r.group for r in records})
    random.Random(seed).shuffle(groups)
    heldout_groups = set(groups[: round(len(groups) * heldout_fraction)])
    return CorpusSplit(
        train=[r for r in records if r.group not in heldout_groups],
        heldout=[r for r in records if r.group in heldout_groups],
    )


def read_columns(lines: Iterable[str], token_col: int, tag_col: int, group: str) -> Iterator[TokenRecord]:
    """CoNLL-like files: one token per line, blank line between sentences, ``#`` and -DOCSTART- lines
    start a new document."""
    words: list[str] = []
    tags: list[str] = []
    doc_index = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        is_header = line.startswith("#") and "\t" in line[:3] or line.startswith("-DOCSTART-")
        if not line.strip() or is_header:
            if words:
                yield TokenRecord(tuple(words), tuple(tags), f"{group}:{doc_index}")
                words, tags = [], []
            if is_header:
                doc_index += 1
            continue
        columns = line.split("\t") if "\t" in line else line.split(" ")
        if len(columns) <= max(token_col, tag_col) or not columns[token_col]:
            continue  # malformed line (see SOURCE.md of europeana)
        words.append(columns[token_col])
        tags.append(columns[tag_col])
    if words:
        yield TokenRecord(tuple(words), tuple(tags), f"{group}:{doc_index}")


def _mapped(records: Iterable[TokenRecord], mapping: dict[str, str]) -> list[Record]:
    return [TokenRecord(r.words, tuple(map_tag(t, mapping) for t in r.tags), r.group) for r in records]


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# --- GermEval 2014 (dev split only available): PER/LOC/ORG/OTH with deriv/part variants ------------
GERMEVAL_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}  # *deriv, *part, OTH -> O


def read_germeval(path: Path) -> CorpusSplit:
    records = read_columns(_read_lines(path / "NER-de-dev.tsv"), token_col=1, tag_col=2, group="germeval")
    return split_by_group(_mapped(records, GERMEVAL_LABELS), heldout_fraction=0.25)


# --- German LER: court decisions; dev is used for training, a sample of test held out ----------------
LER_LABELS = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "ST": "LOC", "LD": "LOC", "LDS": "LOC", "STR": "STREET",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
}
LER_MAX_TRAIN = 3000  # the decisions are long and repetitive; more only slows training
LER_HELDOUT = 1000


def _ler_sentences(path: Path, group: str) -> list[Record]:
    records = read_columns(_read_lines(path), token_col=0, tag_col=1, group=group)
    # Sentences are shuffled at source, so each is its own group.
    return [TokenRecord(r.words, r.tags, f"{group}:{i}") for i, r in enumerate(_mapped(records, LER_LABELS))]


def read_ler(path: Path) -> CorpusSplit:
    rng = random.Random(SEED)
    train = _ler_sentences(path / "ler_dev.conll", "ler-dev")
    with_entities = [r for r in train if any(t != "O" for t in r.tags)]
    without = [r for r in train if all(t == "O" for t in r.tags)]
    train = with_entities + rng.sample(without, min(len(without), len(with_entities) // 3))
    rng.shuffle(train)
    heldout = _ler_sentences(path / "ler_test.conll", "ler-test")
    return CorpusSplit(train=train[:LER_MAX_TRAIN], heldout=rng.sample(heldout, LER_HELDOUT))


# --- DFKI MobIE and SmartData: same label family ----------------------------------------------------
DFKI_LABELS = {
    "person": "PER",
    "location": "LOC", "location-city": "LOC", "location-stop": "LOC",
    "location-street": "STREET",
    "organization": "ORG", "organization-company": "ORG",
}


def read_mobie(path: Path) -> CorpusSplit:
    def part(name: str) -> list[Record]:
        return _mapped(read_columns(_read_lines(path / name), token_col=0, tag_col=3, group=name), DFKI_LABELS)

    return CorpusSplit(train=part("train.conll2003") + part("dev.conll2003"), heldout=part("test.conll2003"))


def _avro_documents(path: Path) -> Iterator[dict]:
    """SmartData files are a stream of pretty-printed JSON objects, not JSON Lines."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        document, position = decoder.raw_decode(text, position)
        yield document


def read_smartdata(path: Path) -> CorpusSplit:
    """v1 (all 2,436 documents, character spans); v3 dev/test are a subset of it and are not used."""
    records: list[Record] = []
    for name in ("train.json.gz", "test.json.gz"):
        for document in _avro_documents(path / "v1_20180119" / name):
            mentions = (document.get("conceptMentions") or {}).get("array", [])
            spans = tuple(
                (m["span"]["start"], m["span"]["end"], DFKI_LABELS[m["type"]])
                for m in mentions
                if m["type"] in DFKI_LABELS
            )
            records.append(TextRecord(document["text"]["string"], spans, f"smartdata:{document['id']}"))
    return split_by_group(records, heldout_fraction=0.15)


# --- GraSCCo PHI: synthetic clinical letters (INCEpTION UIMA JSON) ----------------------------------
GRASCCO_LABELS = {
    "NAME_PATIENT": "PER", "NAME_DOCTOR": "PER", "NAME_RELATIVE": "PER", "NAME_EXT": "PER",
    "LOCATION_CITY": "LOC", "LOCATION_COUNTRY": "LOC", "LOCATION_STREET": "STREET",
    "LOCATION_HOSPITAL": "ORG", "LOCATION_ORGANIZATION": "ORG",
}


def _grascco_record(name: str, cas: dict) -> TextRecord:
    structures = cas["%FEATURE_STRUCTURES"]
    text = next(fs["sofaString"] for fs in structures if fs["%TYPE"] == "uima.cas.Sofa")
    spans = tuple(
        (fs.get("begin", 0), fs["end"], GRASCCO_LABELS[fs["kind"]])
        for fs in structures
        if fs["%TYPE"] == "webanno.custom.PHI" and fs.get("kind") in GRASCCO_LABELS
    )
    return TextRecord(text, spans, f"grascco:{name}")


def read_grascco(path: Path) -> CorpusSplit:
    records: list[Record] = []
    with tarfile.open(path / "grascco_phi_annotation_json.tar.gz") as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if member.isfile() and member.name.endswith(".json"):
                cas = json.load(archive.extractfile(member))
                records.append(_grascco_record(Path(member.name).name, cas))
    return split_by_group(records, heldout_fraction=0.2)


# --- Europeana Newspapers: historical OCR, one token stream per file ---------------------------------
EUROPEANA_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
EUROPEANA_SENTENCES_PER_GROUP = 20  # neighbouring sentences stay together in the split
EUROPEANA_MAX_TRAIN = 3000
EUROPEANA_MAX_TOKENS = 80  # stretches without a full stop are OCR debris, not sentences


def _europeana_sentences(path: Path) -> Iterator[TokenRecord]:
    words: list[str] = []
    tags: list[str] = []
    for line in _read_lines(path):
        columns = line.split()
        if len(columns) != 2 or line.startswith("#"):
            continue
        word, tag = columns
        words.append(word)
        # Stray tags such as "B-PEr" or "B-LOCer" (see SOURCE.md): upper-case, unknown ones become O.
        tags.append(map_tag(tag.upper(), EUROPEANA_LABELS))
        if word in (".", "!", "?") and len(words) > 3:
            yield TokenRecord(tuple(words), tuple(tags), "")
            words, tags = [], []
    if words:
        yield TokenRecord(tuple(words), tuple(tags), "")


def read_europeana(path: Path) -> CorpusSplit:
    records: list[Record] = []
    for file in sorted(path.glob("*.bio")):
        for i, sentence in enumerate(_europeana_sentences(file)):
            group = f"{file.name}:{i // EUROPEANA_SENTENCES_PER_GROUP}"
            if len(sentence.words) <= EUROPEANA_MAX_TOKENS:
                records.append(TokenRecord(sentence.words, sentence.tags, group))
    split = split_by_group(records, heldout_fraction=0.1)
    split.train = split.train[:EUROPEANA_MAX_TRAIN]
    return split


CC_BY = "CC BY 4.0"
CORPORA: dict[str, Corpus] = {
    corpus.name: corpus
    for corpus in (
        Corpus("germeval2014", "germeval2014_dev", CC_BY,
               "D. Benikova, C. Biemann, M. Reznicek: NoSta-D Named Entity Annotation for German. LREC 2014.",
               read_germeval),
        Corpus("legal_ler", "legal_ler", CC_BY + " (README also shows a CC BY-NC-SA badge for the repository)",
               "Leitner, Rehm, Moreno-Schneider: Fine-grained Named Entity Recognition in Legal Documents. "
               "SEMANTiCS 2019.", read_ler),
        Corpus("mobie", "mobie", CC_BY,
               "Hennig, Truong, Gabryszak: MobIE: A German Dataset for Named Entity Recognition, Entity Linking "
               "and Relation Extraction in the Mobility Domain. KONVENS 2021.", read_mobie),
        Corpus("smartdata", "smartdata", CC_BY + " (annotation-tool field says 'Research use only')",
               "Schiersch et al.: A German Corpus for Fine-Grained Named Entity Recognition and Relation "
               "Extraction of Traffic and Industry Events. LREC 2018.", read_smartdata),
        Corpus("grascco_phi", "grascco_phi", "believed CC BY 4.0 (not fully verified, see SOURCE.md)",
               "GraSCCo (Modersohn et al. 2022) with PHI annotations by Lohr et al.: De-Identifying GRASCCO. "
               "GMDS 2024.", read_grascco),
        Corpus("europeana_de", "europeana_de", "CC0 1.0",
               "Europeana Newspapers NER corpora, Europeana Newspapers Project 2012-2015; Neudecker, LREC 2016.",
               read_europeana),
    )
}
