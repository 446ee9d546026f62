"""A corpus of whole German documents: hand-written document templates filled with names of many origins.

Every template in ``data/documents/<kind>.txt`` is a complete document of one kind of text that Kitas,
childminders, schools, youth offices and family helpers write (handover books, accident reports,
chats, e-mail threads, Excel tables, OCR'd scans, ...). Slots in braces are filled from the project's
name pools (``names.py``) and from ``data/documents/values.yaml``; each filled slot becomes a gold span
with exact offsets in the label scheme of ``../shared/data/kita-dev`` (see its README for the guide).

Templates marked ``heldout`` are for evaluation only (they are filled with the held-out share of the
names as well); the split is by template, never by filled instance. Everything is seeded.

Template syntax (``=== <name> [heldout] [clean] [ocr]`` starts a template; ``\\t`` is a tab):

- ``{k1}``, ``{m1.v}``, ``{p2.iv}``: a person and how it is written. ``k`` child, ``m`` mother, ``v``
  father, ``s`` sibling, ``o`` grandparent share the surname of their family number; ``p`` is anyone
  else (staff, officials, neighbours). Forms: see ``NAME_FORMS``.
- ``{datum}``, ``{tel2}``, ``{kita}``: other values; the same slot name means the same value in a document.
  ``{zeit}`` is a chat's clock, a little later at every use.
- ``{email.m1}``: an e-mail address made from a person's name; ``{umm.k1}``, ``{abu.k1}``: a kunya,
  the parent named after the child ("Umm Yusuf"), one PERSON span.

    python -m anonymizer.training.document_corpus [--out corpus/documents.jsonl]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from anonymizer.detection.gazetteers import Names
from anonymizer.training.corpora import TextRecord
from anonymizer.training.generator import genitive, name_pools

DATA = Path(__file__).parent / "data" / "documents"
SEED = 2026
FILLS_PER_TEMPLATE = 8

# The kita-dev label scheme, and the project's entity type each label is scored against.
PROJECT_LABEL = {
    "PERSON": "PERSON", "ADDRESS": "ADDRESS", "LOCATION": "LOCATION", "NATIONALITY": "NRP",
    "PHONE": "PHONE_NUMBER", "EMAIL": "EMAIL_ADDRESS", "URL": "URL", "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "DATE": "DATE_TIME", "AGE": "AGE", "IBAN": "IBAN_CODE", "ID_NUMBER": "CASE_FILE_NUMBER",
    "ORGANIZATION_PRIVATE": "ORGANIZATION", "LICENSE_PLATE": "DE_LICENSE_PLATE",
}

HEADER = re.compile(r"^=== (?P<name>[\w-]+)(?P<flags>(?: \w+)*)\s*$", re.MULTILINE)
SLOT = re.compile(r"\{(?P<key>[a-z_]+\d*)(?:\.(?P<arg>[A-Za-z0-9]+))?\}")
PERSON_KEY = re.compile(r"^(?P<role>[kmvsop])(?P<family>\d+)$")
FAMILY_ROLES = frozenset("kmvso")
KUNYA = {"umm": "Umm", "abu": "Abu"}
KUNYA_ORIGIN = "ar"

# How a person is written: "{k1.vi}" is "Lasse K.".
NAME_FORMS: dict[str, Callable[["Person"], str]] = {
    "vn": lambda p: f"{p.first} {p.last}",
    "v": lambda p: p.first,
    "n": lambda p: p.last,
    "nv": lambda p: f"{p.last}, {p.first}",
    "fn": lambda p: f"{p.last} {p.first}",  # family name first, as Vietnamese, Chinese or Hungarian names
    "vi": lambda p: f"{p.first} {p.last[0]}.",
    "iv": lambda p: f"{initials(p.first, '.')} {p.last}",
    "i": lambda p: initials(p.first, "."),
    "ni": lambda p: f"{p.last[0]}.",
    "ii": lambda p: p.first[0] + p.last[0],
    "iii": lambda p: f"{p.first[0]}.{p.last[0]}.",
    "VN": lambda p: f"{p.first} {p.last}".upper(),
    "V": lambda p: p.first.upper(),
    "N": lambda p: p.last.upper(),
    "NV": lambda p: f"{p.last}, {p.first}".upper(),
    "lv": lambda p: p.first.lower(),
    "ln": lambda p: p.last.lower(),
    "lvn": lambda p: f"{p.first} {p.last}".lower(),
    "vg": lambda p: genitive(p.first),
    "ng": lambda p: genitive(p.last),
    "nick": lambda p: p.nickname,
    "nickg": lambda p: genitive(p.nickname),
    "script": lambda p: f"{p.script_first} {p.script_last}",
    "sv": lambda p: p.script_first,
    "sn": lambda p: p.script_last,
}
SCRIPT_FORMS = frozenset({"script", "sv", "sn"})
VOWELS = set("aeiouäöüyáàâéèêíóôúAEIOUÄÖÜ")

P_WORD_SURNAME = 0.12  # a surname that is also a German word (Wiese, Sommer, Montag)
P_WORD_FIRST_NAME = 0.05  # a given name that is also a word (Hope, Will, Juli)
P_DOUBLE_SURNAME = 0.06
P_DOUBLE_FIRST_NAME = 0.06  # "Klaus-Peter", written "K.-P." as an initial
P_OWN_SURNAME = 0.25  # a parent with a surname other than the child's
P_OCR_CONFUSION = 0.035
OCR_LINE_WIDTH = 54
OCR_CONFUSIONS = {"m": "rn", "l": "1", "O": "0", "o": "0", "I": "l", "e": "c", "h": "b", "ü": "ii", "0": "O", "1": "l"}


def initials(name: str, dot: str) -> str:
    """"K.-P." for "Klaus-Peter"."""
    return "-".join(part[0] + dot for part in name.split("-") if part)


@dataclass(frozen=True)
class DocumentTemplate:
    id: str  # kind/name
    kind: str
    text: str
    heldout: bool
    clean: bool
    ocr: bool


@dataclass(frozen=True)
class Document:
    id: str
    kind: str
    template: str
    heldout: bool
    text: str
    spans: tuple[tuple[int, int, str], ...]  # start, end, kita-dev label

    def to_json(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "template": self.template, "heldout": self.heldout, "text": self.text,
            "spans": [{"start": s, "end": e, "label": label, "text": self.text[s:e]} for s, e, label in self.spans],
        }


@dataclass
class Person:
    first: str
    last: str
    nickname: str
    script_first: str = ""
    script_last: str = ""


@lru_cache(maxsize=1)
def load_templates() -> tuple[DocumentTemplate, ...]:
    templates = []
    for path in sorted(DATA.glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        headers = list(HEADER.finditer(source))
        for header, following in zip(headers, [*headers[1:], None], strict=True):
            body = source[header.end() : following.start() if following else len(source)]
            flags = set(header["flags"].split())
            templates.append(DocumentTemplate(
                f"{path.stem}/{header['name']}", path.stem, body.strip("\n").replace("\\t", "\t") + "\n",
                heldout="heldout" in flags, clean="clean" in flags, ocr="ocr" in flags,
            ))
    return tuple(templates)


@lru_cache(maxsize=1)
def values() -> dict:
    return yaml.safe_load((DATA / "values.yaml").read_text(encoding="utf-8"))


def nickname(first: str) -> str:
    """A pet form as families and teams write it: "Konsti" for Konstantin, "Domi" for Dominik."""
    base = first.split("-")[0]
    if len(base) <= 4:
        return base + "i" if base[-1] not in VOWELS else base + "lein"
    cut = max(3, len(base) // 2)
    stem = base[:cut]
    return stem + "i" if stem[-1] not in VOWELS else stem + "s"


class Filler:
    """Fills the templates of one split; the names come from that split's share of every origin."""

    def __init__(self, heldout: bool, seed: int):
        self.rng = random.Random(seed)
        self.pools: dict[str, Names] = name_pools("eval" if heldout else "train")
        self.origins = sorted(o for o, pool in self.pools.items() if pool.first and pool.last)
        german = {"de_DE", "de_AT", "de_CH", "de"}
        # Roughly half the families German, the other half spread evenly over all other origins.
        self.weights = [len(self.origins) / len(german) if o in german else 1.0 for o in self.origins]

    # --- people -----------------------------------------------------------------------------------
    def _name(self, part: str, origin: str) -> str:
        word_names = values()["word_names"]
        if part == "last" and self.rng.random() < P_WORD_SURNAME:
            return self.rng.choice(word_names["last"])
        if part == "first" and self.rng.random() < P_WORD_FIRST_NAME:
            return self.rng.choice(word_names["first"])
        return self.rng.choice(getattr(self.pools[origin], part))

    def person(self, surname: str | None, script: bool, origin: str | None = None) -> Person:
        if script:
            origin = self.rng.choice(sorted(values()["script_names"]))
            pool = values()["script_names"][origin]
            first_native, first_latin = self.rng.choice(pool["first"])
            last_native, last_latin = self.rng.choice(pool["last"])
            return Person(first_latin, last_latin, nickname(first_latin), first_native, last_native)
        origin = origin or self.rng.choices(self.origins, self.weights)[0]
        first = self._name("first", origin)
        if self.rng.random() < P_DOUBLE_FIRST_NAME:
            first = f"{first}-{self._name('first', origin)}"
        last = surname or self._name("last", origin)
        if surname is None and self.rng.random() < P_DOUBLE_SURNAME:
            last = f"{last}-{self._name('last', self.rng.choice(self.origins))}"
        return Person(first, last, nickname(first))

    # --- other values -----------------------------------------------------------------------------
    def _date(self) -> tuple[int, int, int]:
        return self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(2024, 2026)

    def _birth(self) -> tuple[int, int, int]:
        return self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(2019, 2024)

    def _phone(self) -> str:
        rng = self.rng
        return rng.choice([
            f"0{rng.choice([151, 152, 157, 160, 162, 170, 171, 172, 173, 176, 177, 178, 179])} {rng.randint(1000000, 99999999)}",
            f"0{rng.randint(30, 999)} / {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"+49 {rng.randint(150, 179)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"0{rng.randint(511, 599)}-{rng.randint(10000, 999999)}",
            f"0{rng.randint(150, 179)}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        ])

    def _iban(self) -> str:
        bank = f"{self.rng.randint(10000000, 89999999)}"
        account = f"{self.rng.randint(0, 9999999999):010d}"
        check = 98 - int(bank + account + "131400") % 97  # "DE" = 13 14, then "00"
        iban = f"DE{check:02d}{bank}{account}"
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if self.rng.random() < 0.6 else iban

    def _case_number(self) -> str:
        rng = self.rng
        return rng.choice([
            f"{rng.randint(500, 699)} F {rng.randint(100, 9999)}/{rng.randint(24, 26)} SO",
            f"51.{rng.randint(1, 9)}-{rng.choice(['ASD', 'KSD', 'WiJu', 'PKD'])}-{rng.randint(100, 9999):04d}/{rng.randint(24, 26)}",
            f"{rng.choice(['JA', 'SD', 'HzE'])}-{rng.randint(2024, 2026)}-{rng.randint(1000, 99999)}",
            f"{rng.choice('ABCDEFGHKLMNPRSTW')}{rng.randint(100000000, 999999999)}",
        ])

    def _address_parts(self) -> tuple[str, str]:
        v, rng = values(), self.rng
        street = f"{rng.choice(v['street_base'])}{rng.choice(v['street_suffix'])} {rng.randint(1, 140)}{rng.choice(['', '', '', 'a', 'b'])}"
        return street, f"{rng.randint(10, 99)}{rng.randint(100, 999)} {rng.choice(v['towns'])}"

    def _plate(self) -> str:
        rng = self.rng
        letters = "ABCDEFGHKLMNPRSTUVWXYZ"
        return f"{rng.choice(values()['plate_prefixes'])}-{''.join(rng.choices(letters, k=rng.randint(1, 2)))} {rng.randint(1, 9999)}"

    def value(self, key: str, addresses: dict[str, str]) -> tuple[str, str | None]:
        """The text of a non-person slot and its label (None: context only, e.g. a meeting date).
        ``{strasse1}``, ``{plzort1}`` and ``{adresse1}`` are parts of the same address."""
        v, rng = values(), self.rng
        base = key.rstrip("0123456789")
        months = v["months"]
        if base in ("strasse", "plzort", "adresse"):
            suffix = key[len(base):]
            street, town = addresses.setdefault(suffix, "\n".join(self._address_parts())).split("\n")
            return {"strasse": street, "plzort": town, "adresse": f"{street}, {town}"}[base], "ADDRESS"
        day, month, year = self._date()
        bday, bmonth, byear = self._birth()
        makers: dict[str, tuple[Callable[[], str], str | None]] = {
            "datum": (lambda: f"{day:02d}.{month:02d}.{year}", "DATE"),
            "datumk": (lambda: f"{day}.{month}.", "DATE"),
            "datuml": (lambda: f"{day}. {months[month - 1]} {year}", "DATE"),
            "termin": (lambda: f"{day:02d}.{month:02d}.{year}", None),
            "uhr": (lambda: f"{rng.randint(7, 18)}:{rng.choice(['00', '05', '15', '30', '40', '45'])}", None),
            "geb": (lambda: f"{bday:02d}.{bmonth:02d}.{byear}", "DATE_OF_BIRTH"),
            "gebk": (lambda: f"{bday:02d}.{bmonth:02d}.", "DATE_OF_BIRTH"),
            "alter": (lambda: f"{rng.randint(1, 6)} Jahre", "AGE"),
            "alterj": (lambda: f"{rng.randint(1, 6)} J.", "AGE"),
            "alterz": (lambda: str(rng.randint(1, 10)), "AGE"),
            "alterm": (lambda: f"{rng.randint(9, 30)} Monate", "AGE"),
            "alters": (lambda: f"{rng.randint(1, 6)};{rng.randint(1, 11)} J.", "AGE"),
            "alterw": (lambda: rng.choice(v["age_words"]), "AGE"),
            "alterjm": (lambda: f"{rng.randint(1, 6)} J. {rng.randint(1, 11)} Mon.", "AGE"),
            "altere": (lambda: str(rng.randint(24, 81)), "AGE"),
            "tel": (self._phone, "PHONE"),
            "iban": (self._iban, "IBAN"),
            "az": (self._case_number, "ID_NUMBER"),
            "kvnr": (lambda: f"{rng.choice('ABCDEFGHKLMNPRSTUVWXZ')}{rng.randint(100000000, 999999999)}", "ID_NUMBER"),
            "ort": (lambda: rng.choice(v["districts"]), "LOCATION"),
            "nat": (lambda: rng.choice(v["nationality_adjectives"]), "NATIONALITY"),
            "land": (lambda: rng.choice(v["countries"]), "NATIONALITY"),
            "kita": (lambda: rng.choice(v["kitas"]), "ORGANIZATION_PRIVATE"),
            "schule": (lambda: rng.choice(v["schools"]), "ORGANIZATION_PRIVATE"),
            "praxis": (lambda: rng.choice(v["practices"]), "ORGANIZATION_PRIVATE"),
            "traeger": (lambda: rng.choice(v["providers"]), "ORGANIZATION_PRIVATE"),
            "firma": (lambda: rng.choice(v["employers"]), "ORGANIZATION_PRIVATE"),
            "url": (lambda: f"www.{rng.choice(v['domains'])}/{rng.choice(['anmeldung', 'eltern', 'team', 'termine'])}", "URL"),
            "emailorg": (lambda: f"{rng.choice(['leitung', 'info', 'buero', 'kontakt'])}@{rng.choice(v['domains'])}", "EMAIL"),
            "kfz": (self._plate, "LICENSE_PLATE"),
            "gruppe": (lambda: rng.choice(v["groups"]), None),
            "amt": (lambda: rng.choice(v["public_bodies"]), None),
            "stadt": (lambda: rng.choice(v["big_cities"]), None),
            "zahl": (lambda: str(rng.randint(2, 24)), None),
        }
        make, label = makers[base]
        return make(), label

    def email(self, person: Person) -> str:
        local = self.rng.choice([f"{person.first}.{person.last}", f"{person.first[0]}.{person.last}", f"{person.first}{self.rng.randint(80, 99)}"])
        local = re.sub(r"[^a-z0-9.]", "", ascii_fold(local).lower())
        return f"{local}@{self.rng.choice(values()['mail_providers'])}"

    # --- one document -----------------------------------------------------------------------------
    def fill(self, template: DocumentTemplate) -> tuple[str, list[int], list[str]]:
        """The filled text, per character the index of the gold span it belongs to (-1: none), and
        the label of every span."""
        script_keys = {m["key"] for m in SLOT.finditer(template.text) if m["arg"] in SCRIPT_FORMS}
        # A kunya names a parent after the child, so the child gets an Arabic name.
        kunya_keys = {m["arg"] for m in SLOT.finditer(template.text) if m["key"] in KUNYA}
        people: dict[str, Person] = {}
        surnames: dict[str, str] = {}
        slot_values: dict[str, tuple[str, str | None]] = {}
        addresses: dict[str, str] = {}
        minutes: int | None = None
        labels: list[str] = []
        chars: list[str] = []
        owners: list[int] = []
        cursor = 0

        def emit(text: str, owner: int) -> None:
            chars.extend(text)
            owners.extend([owner] * len(text))

        def person(key: str) -> Person:
            if key not in people:
                match = PERSON_KEY.match(key)
                if match is None:
                    raise ValueError(f"{template.id}: unknown slot {key}")
                surname = None
                if match["role"] in FAMILY_ROLES and not (match["role"] in "mv" and self.rng.random() < P_OWN_SURNAME):
                    surname = surnames.get(match["family"])
                people[key] = self.person(surname, key in script_keys, KUNYA_ORIGIN if key in kunya_keys else None)
                if match["role"] in FAMILY_ROLES:
                    surnames.setdefault(match["family"], people[key].last)
            return people[key]

        for match in SLOT.finditer(template.text):
            emit(template.text[cursor : match.start()], -1)
            cursor = match.end()
            key, arg = match["key"], match["arg"]
            if key == "email":
                text, label = self.email(person(arg)), "EMAIL"
            elif key == "zeit":  # a chat's running clock: every message a little later
                minutes = (minutes if minutes is not None else self.rng.randint(6 * 60, 9 * 60)) + self.rng.randint(0, 25)
                text, label = f"{minutes // 60:02d}:{minutes % 60:02d}", None
            elif key in KUNYA:
                text, label = f"{KUNYA[key]} {person(arg).first}", "PERSON"
            elif PERSON_KEY.match(key):
                text, label = NAME_FORMS[arg or "vn"](person(key)), "PERSON"
            else:
                if key not in slot_values:
                    slot_values[key] = self.value(key, addresses)
                text, label = slot_values[key]
            if template.clean and label:
                raise ValueError(f"{template.id} is marked clean but has the {label} slot {key}")
            if label:
                labels.append(label)
            emit(text, len(labels) - 1 if label else -1)
        emit(template.text[cursor:], -1)
        return "".join(chars), owners, labels


def ascii_fold(text: str) -> str:
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def scanned(text: str, owners: list[int], rng: random.Random) -> tuple[str, list[int]]:
    """What an OCR'd scan makes of a page: long lines wrapped with end-of-line hyphenation, and
    the usual confusions (rn for m, 1 for l, 0 for O). A broken or misread span stays one span."""
    out_chars: list[str] = []
    out_owners: list[int] = []
    position = 0
    for line in text.split("\n"):
        line_owners = owners[position : position + len(line)]
        position += len(line) + 1
        wrapped, wrapped_owners = _wrap(line, line_owners) if "\t" not in line and "|" not in line else (list(line), line_owners)
        for char, owner in zip(wrapped, wrapped_owners, strict=True):
            if char in OCR_CONFUSIONS and rng.random() < P_OCR_CONFUSION:
                replacement = OCR_CONFUSIONS[char]
                out_chars.extend(replacement)
                out_owners.extend([owner] * len(replacement))
            else:
                out_chars.append(char)
                out_owners.append(owner)
        out_chars.append("\n")
        out_owners.append(-1)
    return "".join(out_chars[:-1]), out_owners[:-1]


def _wrap(line: str, owners: list[int]) -> tuple[list[str], list[int]]:
    """The line broken into lines of at most ``OCR_LINE_WIDTH``; a long word that does not fit is
    hyphenated, and the hyphen and line break inside a span belong to it."""
    chars: list[str] = []
    out: list[int] = []

    def put(text: str, text_owners: list[int]) -> None:
        chars.extend(text)
        out.extend(text_owners)

    column = 0
    for index, word_match in enumerate(re.finditer(r"\S+", line)):
        start, end = word_match.span()
        word, word_owners = line[start:end], owners[start:end]
        if index:
            gap_owner = owners[start - 1]
            room = OCR_LINE_WIDTH - column - 2
            cut = min(room, len(word) - 3)
            if column + 1 + len(word) <= OCR_LINE_WIDTH:
                put(" ", [gap_owner])
                column += 1
            elif len(word) >= 6 and cut >= 3 and word[:cut].isalpha():
                inner = word_owners[cut - 1] if word_owners[cut - 1] == word_owners[cut] else -1
                put(" " + word[:cut] + "-\n", [gap_owner, *word_owners[:cut], inner, inner])
                word, word_owners, column = word[cut:], word_owners[cut:], 0
            else:
                put("\n", [gap_owner])
                column = 0
        put(word, word_owners)
        column += len(word)
    return chars, out


def _spans(owners: list[int], labels: list[str]) -> tuple[tuple[int, int, str], ...]:
    spans: list[tuple[int, int, str]] = []
    start = 0
    for position in range(1, len(owners) + 1):
        if position == len(owners) or owners[position] != owners[start]:
            if owners[start] >= 0:
                spans.append((start, position, labels[owners[start]]))
            start = position
    return tuple(spans)


def template_seed(template: DocumentTemplate, seed: int) -> int:
    return seed + zlib.crc32(template.id.encode())


@lru_cache(maxsize=8)
def generate(fills: int = FILLS_PER_TEMPLATE, seed: int = SEED) -> tuple[Document, ...]:
    """Every template filled ``fills`` times; held-out templates with the held-out share of the names."""
    documents = []
    for template in load_templates():
        filler = Filler(template.heldout, template_seed(template, seed))
        for number in range(fills):
            text, owners, labels = filler.fill(template)
            if template.ocr:
                text, owners = scanned(text, owners, filler.rng)
            documents.append(Document(
                f"{template.id}-{number:02d}", template.kind, template.id, template.heldout,
                text, _spans(owners, labels),
            ))
    return tuple(documents)


def split(part: str, fills: int = FILLS_PER_TEMPLATE) -> list[Document]:
    """"heldout" (evaluation only), "tune" (the rest) or "all"."""
    if part not in ("heldout", "tune", "all"):
        raise ValueError(part)
    return [d for d in generate(fills) if part == "all" or d.heldout == (part == "heldout")]


# What the NER model learns from the corpus: names, places and organisations, and of an address the
# street with its house number (the model's STREET; postcode and town are left to the rules).
MODEL_LABEL = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION_PRIVATE": "ORG"}
STREET_PART = re.compile(r"^\D+?\d+[a-z]?\b")


def training_records(fills: int = FILLS_PER_TEMPLATE, exclude_kinds: frozenset[str] = frozenset()) -> list[TextRecord]:
    """The documents of the non-held-out templates as training records in the model's label set,
    without the kinds in ``exclude_kinds`` (to train a model for a leave-one-kind-out run)."""
    records = []
    for document in split("tune", fills):
        if document.kind in exclude_kinds:
            continue
        spans = []
        for start, end, label in document.spans:
            if label in MODEL_LABEL:
                spans.append((start, end, MODEL_LABEL[label]))
            elif label == "ADDRESS" and (street := STREET_PART.match(document.text[start:end])):
                spans.append((start, start + street.end(), "STREET"))
        records.append(TextRecord(document.text, tuple(spans), document.template))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the whole-document corpus as JSON lines.")
    parser.add_argument("--out", type=Path, default=Path("corpus/documents.jsonl"))
    parser.add_argument("--fills", type=int, default=FILLS_PER_TEMPLATE)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    documents = generate(args.fills)
    args.out.write_text("".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    print(f"{len(documents)} documents, {len({d.kind for d in documents})} kinds -> {args.out}")


if __name__ == "__main__":
    main()
