"""Reading user input safely: text files, standard input, Markdown and Word (.docx) documents."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import PartFactory, XmlPart
from lxml import etree

from anonymizer.errors import InputError

# spaCy's default ``nlp.max_length``: about 140,000 words, far more than any note or minutes.
# Longer input is refused with a clear message instead of failing inside the pipeline.
MAX_TEXT_CHARS = 1_000_000


def _german_number(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 text, refusing binary data and empty input with a message that names ``source``."""
    if b"\x00" in data:
        raise InputError(f"{source}: enthält Binärdaten, erwartet wird Text (UTF-8).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{source}: Zeile {line} ist kein gültiges UTF-8.") from None
    if not text.strip():
        raise InputError(f"{source}: ist leer.")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{source}: ist zu lang ({_german_number(len(text))} Zeichen, erlaubt sind höchstens "
            f"{_german_number(MAX_TEXT_CHARS)}). Bitte teilen Sie den Text auf."
        )
    return text


def read_text(path: Path) -> str:
    return decode_text(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: Datei nicht gefunden.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: ist ein Verzeichnis, keine Datei.") from None
    except PermissionError:
        raise InputError(f"{path}: keine Leseberechtigung.") from None


# --- Documents: .txt, .md and .docx in, the same format out -------------------------------------

MAX_DOCX_BYTES = 20 * 1024 * 1024
# A zip bomb unpacks to far more than any minutes. The sizes in the zip directory are checked before
# anything is inflated (zipfile never inflates a part past the size its directory entry states).
# Parsing 10 MB of XML takes about 2.5 s and 500 MB; a Word file of the longest text the web service
# takes (100 kB) has 1-2 MB of it. Images are not parsed, but python-docx holds them in memory.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_XML_BYTES = 10 * 1024 * 1024
XML_SUFFIXES = (".xml", ".rels")
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
DOCX_SUFFIX = ".docx"
Replacements = Iterable[tuple[int, int, str]]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word's text nodes; tabs and breaks are read-only characters inside the paragraph text.
TEXT_TAGS = {f"{W}t", f"{W}delText"}
FIXED_CHARS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
# Parts whose paragraphs are text a reader sees: body, headers, footers, footnotes, endnotes, comments.
STORY_TYPES = {CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, CT.WML_FOOTNOTES, CT.WML_ENDNOTES, CT.WML_COMMENTS}
# Attributes that name the people who wrote or changed the document.
AUTHOR_ATTRIBUTES = (f"{W}author", f"{W}initials")
for content_type in (CT.WML_FOOTNOTES, CT.WML_ENDNOTES):
    # python-docx loads these as opaque blobs; as XML parts we can edit them and they are saved back.
    PartFactory.part_type_for.setdefault(content_type, XmlPart)


class Document(Protocol):
    """A loaded input: its plain text, and the same document with spans of that text replaced."""

    text: str
    suffix: str

    def render(self, replacements: Replacements) -> bytes: ...


@dataclass
class TextDocument:
    text: str
    suffix: str = ".txt"

    def render(self, replacements: Replacements) -> bytes:
        return splice(self.text, replacements).encode("utf-8")


def splice(text: str, replacements: Replacements) -> str:
    pieces, cursor = [], 0
    for start, end, value in sorted(replacements):
        pieces += [text[cursor:start], value]
        cursor = end
    return "".join(pieces) + text[cursor:]


@dataclass
class _Segment:
    node: etree._Element
    start: int
    end: int
    editable: bool


class WordDocument:
    """A .docx as one text: paragraphs of all stories joined by newlines, in document order.

    Replacing a span rewrites only the text nodes it covers: the replacement goes into the run
    where the span starts (keeping that run's formatting), the rest of the span is removed from
    the following runs. Paragraphs, tables, styles and everything else stay as they are.
    """

    suffix = DOCX_SUFFIX

    def __init__(self, document: DocxDocument):
        self._document = document
        self._segments: list[_Segment] = []
        paragraphs = []
        offset = 0
        for paragraph in self._paragraphs():
            text = self._read_paragraph(paragraph, offset)
            paragraphs.append(text)
            offset += len(text) + 1
        self.text = "\n".join(paragraphs)

    def _paragraphs(self) -> Iterator[etree._Element]:
        for part in self._document.part.package.iter_parts():
            if part.content_type in STORY_TYPES and isinstance(part, XmlPart):
                yield from part.element.iter(f"{W}p")

    def _read_paragraph(self, paragraph: etree._Element, offset: int) -> str:
        chunks = []
        for node in paragraph.iter(*TEXT_TAGS, *FIXED_CHARS):
            if next(node.iterancestors(f"{W}p")) is not paragraph:
                continue  # a paragraph inside a text box belongs to its own paragraph
            editable = node.tag in TEXT_TAGS
            chunk = (node.text or "") if editable else FIXED_CHARS[node.tag]
            self._segments.append(_Segment(node, offset, offset + len(chunk), editable))
            chunks.append(chunk)
            offset += len(chunk)
        return "".join(chunks)

    def render(self, replacements: Replacements) -> bytes:
        ordered = sorted(replacements)
        placed: set[int] = set()  # replacements whose value is already written
        first = 0  # segments and replacements are both in text order: one pass over each
        for segment in self._segments:
            while first < len(ordered) and ordered[first][1] <= segment.start:
                first += 1
            covering = []
            for index in range(first, len(ordered)):
                if ordered[index][0] >= segment.end:
                    break
                covering.append((index, ordered[index]))
            if not covering:
                continue
            if not segment.editable:
                segment.node.getparent().remove(segment.node)
                continue
            segment.node.text = self._rewrite(segment, covering, placed)
            segment.node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self._remove_authors()
        buffer = io.BytesIO()
        self._document.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _rewrite(segment: _Segment, covering: list[tuple[int, tuple[int, int, str]]], placed: set[int]) -> str:
        """The segment's text with covered characters dropped and each value written once,
        where its span first has text."""
        text = segment.node.text or ""
        out, cursor = [], segment.start
        for index, (start, end, value) in covering:
            out.append(text[cursor - segment.start : max(cursor, start) - segment.start])
            if index not in placed:
                out.append(value)
                placed.add(index)
            cursor = max(cursor, min(end, segment.end))
        out.append(text[cursor - segment.start :])
        return "".join(out)

    def _remove_authors(self) -> None:
        """Who wrote or changed the document is personal data too."""
        properties = self._document.core_properties
        for name in ("author", "last_modified_by", "comments", "title", "subject", "keywords"):
            setattr(properties, name, "")
        for part in self._document.part.package.iter_parts():
            if part.content_type in STORY_TYPES and isinstance(part, XmlPart):
                for element in part.element.iter():
                    for attribute in AUTHOR_ATTRIBUTES:
                        element.attrib.pop(attribute, None)


def read_docx(data: bytes, source: str) -> WordDocument:
    if len(data) > MAX_DOCX_BYTES:
        raise InputError(f"{source}: Word-Datei ist zu groß (höchstens {MAX_DOCX_BYTES // 2**20} MB).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        xml = sum(part.file_size for part in parts if part.filename.lower().endswith(XML_SUFFIXES))
        if unpacked > MAX_DOCX_UNPACKED_BYTES or xml > MAX_DOCX_XML_BYTES:
            raise InputError(
                f"{source}: Word-Datei entpackt zu groß (höchstens {MAX_DOCX_UNPACKED_BYTES // 2**20} MB, "
                f"davon {MAX_DOCX_XML_BYTES // 2**20} MB Text und Formatierung)."
            )
        document = WordDocument(docx.Document(io.BytesIO(data)))
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError, OSError):
        raise InputError(f"{source}: keine gültige Word-Datei (.docx) oder beschädigt.") from None
    if not document.text.strip():
        raise InputError(f"{source}: enthält keinen Text.")
    if len(document.text) > MAX_TEXT_CHARS:
        raise InputError(f"{source}: ist zu lang (höchstens {_german_number(MAX_TEXT_CHARS)} Zeichen).")
    return document


def load_document(path: Path) -> Document:
    """A .txt, .md or .docx file; anything else is refused with a clear message."""
    suffix = path.suffix.casefold()
    if suffix == DOCX_SUFFIX:
        return read_docx(read_bytes(path), str(path))
    if suffix in TEXT_SUFFIXES:
        return TextDocument(read_text(path), suffix or ".txt")
    raise InputError(f"{path}: Dateityp '{path.suffix}' wird nicht unterstützt (.txt, .md, .docx).")
