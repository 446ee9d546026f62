"""Bad input through the real ``kita-anon`` command in a subprocess: a clear one-line German error,
exit code 2, and nothing on standard output (no partial results).

Texts longer than ``MAX_TEXT_CHARS`` (1,000,000 characters, spaCy's limit; about 140,000 words)
are refused with a size error rather than analysed: no note or minutes comes near it."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from anonymizer.documents import MAX_DOCX_BYTES, MAX_DOCX_UNPACKED_BYTES, MAX_TEXT_CHARS

KITA_ANON = Path(sys.executable).parent / "kita-anon"
NOTE = "Frau Ayşe Yılmaz (Tel. 0176 43218765) bringt Emre (4) morgen in die Kita."


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(KITA_ANON), *args], input=stdin, capture_output=True, timeout=300, check=False)


def assert_refused(result: subprocess.CompletedProcess[bytes], *expected: str) -> None:
    error = result.stderr.decode("utf-8")
    assert result.returncode == 2, error
    assert result.stdout == b""
    assert error.count("\n") == 1 and error.startswith("Fehler: "), error
    for part in expected:
        assert part in error, error
    assert "Traceback" not in error


@pytest.fixture
def write(tmp_path):
    def write_file(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write_file


def test_binary_file_is_refused(write):
    path = write("foto.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert_refused(run_cli("anonymize", path), path, "Binärdaten")


def test_invalid_utf8_names_the_line(write):
    path = write("notiz.txt", "Zeile eins\nZeile zwei\n".encode() + b"Gr\xfc\xdfe aus Essen\n")
    assert_refused(run_cli("analyze", path), path, "Zeile 3", "UTF-8")


def test_invalid_utf8_on_standard_input():
    assert_refused(run_cli("anonymize", "-", stdin=b"Hallo \xff Welt"), "Standardeingabe", "UTF-8")


def test_empty_file_is_refused(write):
    path = write("leer.txt", b"")
    assert_refused(run_cli("anonymize", path), path, "leer")


def test_whitespace_only_input_is_refused():
    assert_refused(run_cli("analyze", "-", stdin=b"   \n\t\n"), "Standardeingabe", "leer")


def ten_megabytes() -> bytes:
    sentence = (NOTE + "\n").encode("utf-8")
    return sentence * (10_000_000 // len(sentence) + 1)


def test_ten_megabyte_file_gets_a_size_error(write):
    path = write("gross.txt", ten_megabytes())
    assert_refused(run_cli("anonymize", path), path, "zu lang", f"{MAX_TEXT_CHARS:,}".replace(",", "."))


def test_ten_megabytes_on_standard_input_get_a_size_error():
    assert_refused(run_cli("analyze", "-", stdin=ten_megabytes()), "Standardeingabe", "zu lang")


# --- Word documents -----------------------------------------------------------------------------------
def word_file(document_xml: bytes | None = None) -> bytes:
    """A real .docx made by python-docx, optionally with its main part replaced."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(NOTE)
    document.save(buffer)
    if document_xml is None:
        return buffer.getvalue()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = document_xml if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return rebuilt.getvalue()


def test_broken_word_file_is_refused(write):
    path = write("kaputt.docx", b"PK\x03\x04 das ist kein Zip-Archiv")
    assert_refused(run_cli("anonymize", path), path, "keine gültige Word-Datei")


def test_deeply_nested_word_file_is_refused(write):
    depth = 100_000
    nested = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    nested += b"<w:p>" * depth + b"</w:p>" * depth + b"</w:body></w:document>"
    path = write("tief.docx", word_file(nested))
    assert_refused(run_cli("anonymize", path), path, "Word-Datei")


def test_word_zip_bomb_is_refused(write):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(MAX_DOCX_UNPACKED_BYTES // 2**20 + 1):
                entry.write(bytes(2**20))
    path = write("bombe.docx", buffer.getvalue())
    assert_refused(run_cli("anonymize", path), path, "zu groß")


def test_huge_word_file_is_refused(write):
    path = write("riesig.docx", os.urandom(MAX_DOCX_BYTES + 1))
    assert_refused(run_cli("anonymize", path), path, "zu groß")


# --- JSON lines ---------------------------------------------------------------------------------------
def jsonl(lines: list[object]) -> bytes:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines).encode()


def test_jsonl_line_that_is_not_json_is_named_and_nothing_is_printed():
    good = [{"id": i, "text": NOTE} for i in range(200)]
    result = run_cli("analyze", "--jsonl", stdin=jsonl([*good, "das ist kein JSON", *good]))
    assert_refused(result, "Zeile 201", "kein gültiges JSON")


@pytest.mark.parametrize(
    "bad_line",
    [{"text": NOTE}, {"id": 1, "text": 5}, [1, NOTE]],
    ids=["no-id", "text-not-string", "array"],
)
def test_jsonl_record_of_the_wrong_shape_is_refused(bad_line):
    result = run_cli("analyze", "--jsonl", stdin=jsonl([{"id": 0, "text": NOTE}, bad_line]))
    assert_refused(result, "Zeile 2")


def test_jsonl_line_with_invalid_utf8_is_refused():
    stdin = jsonl([{"id": 0, "text": NOTE}]) + b'{"id": 1, "text": "Gr\xfc\xdfe"}\n'
    assert_refused(run_cli("analyze", "--jsonl", stdin=stdin), "Zeile 2", "UTF-8")


@pytest.mark.slow
def test_jsonl_with_5000_lines_returns_5000_results_in_order():
    notes = [f"Notiz {i}: Frau Yılmaz ruft unter 0176 4321{i:04d} an." for i in range(5000)]
    result = run_cli("analyze", "--jsonl", stdin=jsonl([{"id": f"n{i}", "text": t} for i, t in enumerate(notes)]))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"n{i}" for i in range(5000)]
    for record, note in zip(records, notes, strict=True):
        found = {note[e["start"] : e["end"]] for e in record["entities"]}
        assert any("0176" in value for value in found), (note, found)
