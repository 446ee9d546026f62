"""Documents: .txt/.md as text, .docx read and written back with paragraphs, runs and tables kept."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Pt
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from anonymizer.documents import MAX_DOCX_BYTES, TextDocument, load_document, read_docx, splice
from anonymizer.errors import InputError


def build_minutes() -> bytes:
    """Minutes as a Kita writes them in Word: heading, formatted runs, a table, header and footer."""
    document = docx.Document()
    document.core_properties.author = "Petra Schneider"
    document.core_properties.title = "Protokoll Yılmaz"
    document.add_heading("Protokoll Netzwerkrunde", level=1)
    paragraph = document.add_paragraph("Fall: ")
    bold = paragraph.add_run("Leon Yıl")  # a name split across two runs, as Word often does
    bold.bold = True
    rest = paragraph.add_run("maz (4 Jahre) ist still.")
    rest.italic = True
    rest.font.size = Pt(13)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Mutter"
    table.cell(0, 1).text = "Frau Ayşe Yılmaz, Tel. 0176-12345678"
    table.cell(1, 0).text = "Kita"
    table.cell(1, 1).text = "Gruppe Igel"
    document.add_paragraph("Nächster Termin\tim März")
    document.sections[0].header.paragraphs[0].text = "Vertraulich: Familie Yılmaz"
    document.sections[0].footer.paragraphs[0].text = "Seite 1"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_all(text: str, pairs: dict[str, str]) -> list[tuple[int, int, str]]:
    spans = []
    for old, new in pairs.items():
        start = text.find(old)
        while start != -1:
            spans.append((start, start + len(old), new))
            start = text.find(old, start + len(old))
    return spans


@pytest.fixture()
def minutes() -> bytes:
    return build_minutes()


def test_docx_text_holds_all_stories_in_order(minutes):
    document = read_docx(minutes, "protokoll.docx")
    assert document.text.splitlines() == [
        "Protokoll Netzwerkrunde",
        "Fall: Leon Yılmaz (4 Jahre) ist still.",
        "Mutter",
        "Frau Ayşe Yılmaz, Tel. 0176-12345678",
        "Kita",
        "Gruppe Igel",
        "Nächster Termin\tim März",
        "Vertraulich: Familie Yılmaz",
        "Seite 1",
    ]


def test_docx_round_trip_keeps_paragraphs_runs_and_tables(minutes):
    document = read_docx(minutes, "protokoll.docx")
    spans = replace_all(document.text, {"Leon Yılmaz": "[PERSON_1]", "Frau Ayşe Yılmaz": "[PERSON_2]",
                                        "0176-12345678": "[TELEFON_1]", "Familie Yılmaz": "Familie [PERSON_3]"})
    written = docx.Document(io.BytesIO(document.render(spans)))

    paragraph = written.paragraphs[1]
    assert paragraph.text == "Fall: [PERSON_1] (4 Jahre) ist still."
    runs = paragraph.runs
    assert [r.text for r in runs] == ["Fall: ", "[PERSON_1]", " (4 Jahre) ist still."]
    assert runs[1].bold and runs[2].italic and runs[2].font.size == Pt(13)
    assert written.paragraphs[0].style.name == "Heading 1"
    assert written.tables[0].cell(0, 1).text == "[PERSON_2], Tel. [TELEFON_1]"
    assert written.tables[0].cell(1, 1).text == "Gruppe Igel"
    assert written.paragraphs[2].text == "Nächster Termin\tim März"
    assert written.sections[0].header.paragraphs[0].text == "Vertraulich: Familie [PERSON_3]"
    assert written.core_properties.author == "" and written.core_properties.title == ""


def test_replacement_across_a_paragraph_border(minutes):
    document = read_docx(minutes, "protokoll.docx")
    start = document.text.index("Kita\nGruppe")
    written = docx.Document(io.BytesIO(document.render([(start, start + len("Kita\nGruppe Igel"), "[ORG_1]")])))
    assert written.tables[0].cell(1, 0).text == "[ORG_1]"
    assert written.tables[0].cell(1, 1).text == ""


def test_corrupt_docx_is_refused(tmp_path):
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(build_minutes()[:2000])
    with pytest.raises(InputError, match="kaputt.docx: keine gültige Word-Datei"):
        load_document(broken)


def test_zip_that_is_not_word_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "kein Word")
    with pytest.raises(InputError, match="keine gültige Word-Datei"):
        read_docx(buffer.getvalue(), "x.docx")


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("anonymizer.documents.MAX_DOCX_UNPACKED_BYTES", 1024 * 1024)  # keep the test small
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match="entpackt zu groß"):
        read_docx(buffer.getvalue(), "bombe.docx")


def test_huge_docx_is_refused():
    with pytest.raises(InputError, match="zu groß"):
        read_docx(b"PK" + bytes(MAX_DOCX_BYTES), "riesig.docx")


def test_empty_docx_is_refused():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(InputError, match="enthält keinen Text"):
        read_docx(buffer.getvalue(), "leer.docx")


def test_markdown_and_text_stay_text(tmp_path):
    note = tmp_path / "notiz.md"
    note.write_text("# Fall\n\n**Leon** (4) spielt.\n", encoding="utf-8")
    document = load_document(note)
    assert isinstance(document, TextDocument) and document.suffix == ".md"
    start = document.text.index("Leon")
    assert document.render([(start, start + 4, "Kind A")]) == "# Fall\n\n**Kind A** (4) spielt.\n".encode()


def test_unsupported_type_is_refused(tmp_path):
    pdf = tmp_path / "notiz.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="Dateityp '.pdf' wird nicht unterstützt"):
        load_document(pdf)


def _minutes_from_runs(paragraphs: list[list[str]]) -> bytes:
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for index, text in enumerate(runs):
            paragraph.add_run(text).bold = index % 2 == 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


run_text = st.text(alphabet="abc XYZ äöüßı\t-", min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(paragraphs=st.lists(st.lists(run_text, min_size=1, max_size=4), min_size=1, max_size=4), data=st.data())
def test_docx_render_equals_splicing_the_text(paragraphs, data):
    """Whatever the runs, replacing spans in the Word file gives the same text as replacing them in
    the plain text: nothing is lost or left behind at run borders. Paragraphs are never merged, so
    a span over a paragraph border leaves its (then empty) paragraphs in place."""
    source = _minutes_from_runs(paragraphs)
    document = read_docx(source, "x.docx") if any(t.strip() for runs in paragraphs for t in runs) else None
    assume(document is not None)
    text = document.text
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    # Spans start on a letter, as every finding does.
    replacements = [(s, e, f"[X{i}]") for i, (s, e) in enumerate(pairs) if s < e and text[s] not in "\n\t"]
    assume(replacements)
    rendered = read_docx(document.render(replacements), "y.docx")
    expected = splice(text, [(s, e, value + "\n" * text.count("\n", s, e)) for s, e, value in replacements])
    assert rendered.text == expected


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Laut Frau Ayşe Yılmaz am 3. Mai.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _with_footnotes(data: bytes) -> bytes:
    """Add a footnotes part the way Word stores it (python-docx cannot create one)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxml'
                                          b'formats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                          b"</Relationships>")
            archive.writestr(item, content)
        archive.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return target.getvalue()


def test_footnotes_are_read_and_rewritten():
    document = read_docx(_with_footnotes(build_minutes()), "fussnoten.docx")
    assert "Laut Frau Ayşe Yılmaz am 3. Mai." in document.text.splitlines()
    start = document.text.index("Frau Ayşe Yılmaz am")
    written = read_docx(document.render([(start, start + len("Frau Ayşe Yılmaz"), "[PERSON_1]")]), "neu.docx")
    assert "Laut [PERSON_1] am 3. Mai." in written.text.splitlines()
    assert "Yılmaz am" not in written.text
