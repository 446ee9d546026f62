"""Layout: the places of a document where only a name can stand, found before looking for names.

A chat line's sender ("[07:16] Jelena P.:"), the name before an address in an e-mail header ("Von:
Leni Bosse <...>") or a quoted reply ("Am ... schrieb ..."), a signature ("Viele Grüße" and the next
line, "Unterschriften: R. Ostermann · P. Meiners", "gez. TM", "Kürzel MW"), a form field ("Name des
Kindes:", "Familienname:", "Sorgeberechtigt:"), a quoted label ("Klingel „SULTANI / NOORI“") and the
cells of table columns whose header names persons ("Name", "Kind", "Ersthelfer") are *slots*.

How much a slot proves is its ``strength``:

- ``STRONG``: only a name fits; a German noun there is a name too ("Familienname: Sommer",
  "Kind | Lotte Morgen").
- ``LISTED``: a list of people ("Anwesend:", "Mutter:", an e-mail header); a run of words counts when
  one of them is name-like (a listed name, an initial, an unknown word), and then nouns beside it
  are name parts ("Carola Busse").
- ``WEAK``: a cell of some other column or a block of a line separated by wide gaps; like
  ``LISTED``, and the name must fill the block up to punctuation ("Leni Bosse", "M. Delić (Ersthelferin)").

Positions are those of the (normalised) text; ``slots`` is cached because the person rules and the
document memory ask for the same text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STRONG, LISTED, WEAK = 3, 2, 1
CHAT_SENDER, MAIL_HEADER, SIGNATURE, FIELD, CELL, LABEL = "chat", "mail", "signature", "field", "cell", "label"


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    end: int
    kind: str
    strength: int


# "[07:15] Mama Saltuk:", "12.03.26, 07:15 - Jelena P.:" (exports of messengers).
CHAT_LINE = re.compile(
    r"^[ \t]*(?:\[[^\]\n]{0,20}?\d{1,2}:\d{2}(?::\d{2})?\]|\d{1,2}\.\d{1,2}\.\d{2,4},?[ \t]+\d{1,2}:\d{2}[ \t]*[-–])"
    r"[ \t]*(?P<value>[^:\n\[\]]{1,40}?)[ \t]*:(?=[ \t]|$)",
    re.MULTILINE,
)
MIN_CHAT_LINES = 2
# "Jelena P., [12.03.2026 07:15]" (exports of other messengers) and plain "07:15 Jelena P.: ...";
# the plain form is also a handover book's "13:05 Anruf: ...", so it needs a name-like word.
CHAT_SENDER_FIRST = re.compile(r"^[ \t]*(?P<value>[^\n,\[\]:]{1,40}),[ \t]*\[[^\]\n]{0,25}\d{1,2}:\d{2}(?::\d{2})?\][ \t]*:?", re.MULTILINE)
PLAIN_CHAT_LINE = re.compile(r"^[ \t]*\d{1,2}:\d{2}[ \t]+(?P<value>[^:\n\[\]]{1,40}?)[ \t]*:(?=[ \t])", re.MULTILINE)
MAIL_HEADER_LINE = re.compile(
    r"^[ \t>]*(?:Von|An|Cc|Bcc|Kopie|From|To|Absender|Empfänger(?:in)?|Antwort an|Reply-To|Gesendet von)"
    r"[ \t]*:[ \t]*(?P<value>[^\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
EMAIL_IN_ANGLES = re.compile(r"<[^>\n]*>")
# "Am 03.04.2026 um 09:12 schrieb Leni Bosse <l.bosse@...>:"
REPLY_INTRO = re.compile(
    r"^[ \t>]*(?:Am|On)\b[^\n]{0,60}?(?:schrieb|wrote)[ \t]+(?P<value>[^\n<:]{2,60}?)[ \t]*(?:<[^>\n]*>)?[ \t]*:",
    re.MULTILINE,
)
# A closing alone on its line; the next line holds the name ("Viele Grüße\nAnna Schmidt").
CLOSING_LINE = re.compile(
    r"^[ \t>]*(?:(?:mit[ \t]+)?(?:freundlichen|herzlichen|lieben?|viele[n]?|beste[n]?|schöne[n]?|sonnige[n]?|kollegiale[n]?)"
    r"[ \t]+gr(?:ü|ue)(?:ß|ss)en?|gr(?:ü|ue)(?:ß|ss)e|lg|vg|mfg|glg|bg|danke(?:[ \t]+schön)?|herzlich(?:st)?|"
    r"best regards|kind regards|cheers)[ \t,!.]*\n(?:[ \t>]*(?:i\.[ \t]?A\.|i\.[ \t]?V\.|im auftrag|in vertretung)[ \t]*\n)?"
    r"(?:[ \t>]*\n)?[ \t>]*(?P<value>[^\n]+)",
    re.MULTILINE | re.IGNORECASE,
)
# "Unterschriften: R. Ostermann · P. Meiners", "Handzeichen: A.B. / K.L.", "gez. TM", "Kürzel MW", "Hz. MH".
SIGNATURE_FIELD = re.compile(
    r"(?:(?<=^)|(?<=[\s(,;·]))(?:(?:Unterschrift(?:en)?|Handzeichen|Protokoll(?:führung|antin|ant)?|gesehen|geprüft|Paraphe|Visum)"
    r"(?:[ \t]+[^:\n]{1,40}?)?[ \t]*:|gez\.|Hz\.|i\.[ \t]?A\.|Kürzel|Handzeichen|gesehen)[ \t]*(?P<value>[^\n]*)",
    re.MULTILINE | re.IGNORECASE,
)
# Form fields whose value is a name, and fields listing people; a label may also start after a wide gap.
LABEL_START = r"(?:^|(?<=\t)|(?<=[ ]{3}))[ \t]*"
# A field's value ends at the line's end or at a wide gap: "Familienname: X          Vorname(n): Y".
FIELD_VALUE = r"(?:(?![ ]{3}|\t)[^\n])*"
NAME_FIELD = re.compile(
    LABEL_START + r"(?:[^\n:]{0,24}?[ \t–-])?(?:vor|nach|familien|geburts|ruf|mädchen|spitz|kose)?name(?:n|\(n\))?"
    r"(?:[ \t,]+[^\n:]{0,30}?)?[ \t]*:[ \t]*(?P<value>" + FIELD_VALUE + ")",
    re.MULTILINE | re.IGNORECASE,
)
PEOPLE_FIELD = re.compile(
    LABEL_START + r"(?:kind|kinder|mutter|vater|eltern(?:teil)?|sorgeberechtigte?[rn]?|sorgeberechtigt|erziehungsberechtigte?[rn]?"
    r"|bezugsperson(?:en)?|bezugserzieher(?:in)?|bezugsfachkraft|ansprechpartner(?:in)?|ansprechperson|kontaktperson(?:en)?"
    r"|notfallkontakt(?:e)?|abholberechtigte?[rn]?|abholberechtigt|abholung durch|geschwister|antragsteller(?:in)?"
    r"|kindesmutter|kindesvater|vormund|pflegeeltern|pflegemutter|pflegevater|ersthelfer(?:in)?|verletzte[rn]?(?: person)?"
    r"|zeuge|zeugin|zeugen|gesprächspartner(?:in|innen)?|teilnehmende|teilnehmer(?:\*?innen)?|anwesend|abwesend|entschuldigt"
    r"|gäste|moderation|verteiler|vertretung|fachkraft|erzieher(?:in)?|klassenlehrer(?:in)?|lehrer(?:in)?|melder(?:in)?"
    r"|kontoinhaber(?:in)?|sachbearbeiter(?:in)?|bearbeiter(?:in)?|betreuer(?:in)?|familienhelfer(?:in)?|begleitperson"
    r"|beteiligte|hebamme|kinderarzt|kinderärztin|therapeut(?:in)?|dolmetscher(?:in)?|bruder|schwester|oma|opa)"
    r"[ \t]*(?:\d|\([^)\n]{0,30}\))?[ \t]*:[ \t]*(?P<value>" + FIELD_VALUE + ")",
    re.MULTILINE | re.IGNORECASE,
)
# A quoted label on a thing: "Klingel „SULTANI / NOORI“", "eingenäht „LOTTE H.“".
QUOTED_LABEL = re.compile(
    r"(?:Klingel|Briefkasten|Namensschild|Türschild|eingenäht|beschriftet|Aufschrift)[^„\"“»\n]{0,15}[„\"“»‚]"
    r"(?P<value>[^\"“”«»‘\n]{1,60})[“\"”«‘]",
    re.IGNORECASE,
)
TABLE_SEPARATOR = re.compile(r"\t|[ ]?\|[ ]?|[ ]{3,}")
MARKDOWN_RULE = re.compile(r"^[\s|:+-]*$")
# A column header naming persons.
NAME_COLUMN = re.compile(
    r"name|kind|mutter|vater|eltern|bezugs|erzieher|abhol|kontakt|person|unterschrift|ersthelfer|verletzt|betreuer"
    r"|fachkraft|ansprech|sorgeberecht|notfall|mitarbeiter|geschwister|zuständig|verantwortlich|melder|zeuge|vertretung"
    r"|teilnehm|begleit|mitglied|^\W*wer\b|durch",
    re.IGNORECASE,
)
INITIALS_COLUMN = re.compile(r"kürzel|handzeichen|^\W*hz\W*$|gez|visum|paraphe", re.IGNORECASE)
MIN_TABLE_ROWS = 2


def _value_slots(pattern: re.Pattern[str], text: str, kind: str, strength: int) -> list[Slot]:
    return [Slot(*match.span("value"), kind, strength) for match in pattern.finditer(text) if match.group("value").strip()]


def _mail_slots(text: str) -> list[Slot]:
    """The value of a header line; a name before ``<address>`` is certain, others are a list."""
    slots = []
    for match in MAIL_HEADER_LINE.finditer(text):
        start, end = match.span("value")
        for part in re.finditer(r"[^,;]+", text[start:end]):
            part_start, part_end = start + part.start(), start + part.end()
            address = EMAIL_IN_ANGLES.search(text, part_start, part_end)
            if address:
                slots.append(Slot(part_start, address.start(), MAIL_HEADER, STRONG))
            else:
                slots.append(Slot(part_start, part_end, MAIL_HEADER, LISTED))
    slots += [Slot(*m.span("value"), MAIL_HEADER, STRONG) for m in REPLY_INTRO.finditer(text)]
    return slots


def _chat_slots(text: str) -> list[Slot]:
    slots = []
    for pattern, strength in ((CHAT_LINE, STRONG), (CHAT_SENDER_FIRST, STRONG), (PLAIN_CHAT_LINE, LISTED)):
        senders = list(pattern.finditer(text))
        if len(senders) >= MIN_CHAT_LINES:
            slots += [Slot(*match.span("value"), CHAT_SENDER, strength) for match in senders]
    return slots


def _closing_slots(text: str) -> list[Slot]:
    """The line after a closing, up to a comma ("Leni Bosse, stellv. Leitung")."""
    slots = []
    for match in CLOSING_LINE.finditer(text):
        start, end = match.span("value")
        comma = text.find(",", start, end)
        slots.append(Slot(start, comma if comma > 0 else end, SIGNATURE, STRONG))
    return slots


def _table_slots(text: str) -> list[Slot]:
    """Cells of tables: rows of tab or pipe separated cells, where a header row tells the name
    columns, and blocks of lines separated by wide gaps (signature lines, aligned lists)."""
    slots: list[Slot] = []
    rows: list[list[tuple[int, int]]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        if MARKDOWN_RULE.match(line) and line.strip():
            position += len(line)
            continue  # "|---|---|" under a Markdown header
        cells = _cells(line, position)
        if len(cells) >= 2 and ("\t" in line or "|" in line):
            rows.append(cells)
        else:
            slots += _rows_to_slots(text, rows)
            rows = []
            if len(cells) >= 2:
                slots += [Slot(start, end, CELL, WEAK) for start, end in cells]
        position += len(line)
    return slots + _rows_to_slots(text, rows)


def _cells(line: str, position: int) -> list[tuple[int, int]]:
    cells, start = [], 0
    for separator in TABLE_SEPARATOR.finditer(line):
        cells.append((start, separator.start()))
        start = separator.end()
    cells.append((start, len(line.rstrip("\n"))))
    stripped = [(position + s + (len(line[s:e]) - len(line[s:e].lstrip())), position + s + len(line[s:e].rstrip())) for s, e in cells]
    return [(s, e) for s, e in stripped if e > s]


def _rows_to_slots(text: str, rows: list[list[tuple[int, int]]]) -> list[Slot]:
    if not rows:
        return []
    header = rows[0]
    header_texts = [text[s:e] for s, e in header]
    has_header = len(rows) >= MIN_TABLE_ROWS and not any(char.isdigit() for cell in header_texts for char in cell)
    # names can head columns too ("Datum | Leon | Mia"): header cells need a name-like word
    slots = [Slot(start, end, CELL, WEAK) for start, end in header] if has_header else []
    for row in rows[1:] if has_header else rows:
        for column, (start, end) in enumerate(row):
            name = has_header and column < len(header_texts)
            if name and INITIALS_COLUMN.search(header_texts[column]):
                slots.append(Slot(start, end, SIGNATURE, STRONG))
            elif name and NAME_COLUMN.search(header_texts[column]):
                slots.append(Slot(start, end, CELL, STRONG))
            else:
                slots.append(Slot(start, end, CELL, WEAK))
    return slots


@lru_cache(maxsize=8)
def slots(text: str) -> tuple[Slot, ...]:
    """All name slots of ``text``, in text order (they may overlap: a cell can hold a signature)."""
    found = [
        *_chat_slots(text),
        *_mail_slots(text),
        *_closing_slots(text),
        *_value_slots(SIGNATURE_FIELD, text, SIGNATURE, STRONG),
        *_value_slots(NAME_FIELD, text, FIELD, STRONG),
        *_value_slots(PEOPLE_FIELD, text, FIELD, LISTED),
        *[Slot(*m.span("value"), LABEL, STRONG) for m in QUOTED_LABEL.finditer(text)],
        *_table_slots(text),
    ]
    return tuple(sorted(found, key=lambda slot: (slot.start, -slot.strength)))
