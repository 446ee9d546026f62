"""Reading user input safely: text files and standard input."""
from __future__ import annotations

from pathlib import Path

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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: Datei nicht gefunden.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: ist ein Verzeichnis, keine Datei.") from None
    except PermissionError:
        raise InputError(f"{path}: keine Leseberechtigung.") from None
    return decode_text(data, str(path))
