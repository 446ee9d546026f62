"""Alias linking: which person mentions name the same person.

"Ayşe Yılmaz", "Frau Yılmaz", "Ayşe", "Yilmaz" and "Ayşes" are one person and get one pseudonym;
"Leon Yılmaz" (4) is another one although he shares the surname. The rules, in order:

1. Titles belong to the name: "Frau Yılmaz" is replaced as a whole, never "Frau [PERSON]"
   (``expand_person_span``). "Familie Yılmaz" is the family, an entity of its own.
2. Full names (given name + surname) define the people of a document.
3. A single name is looked up among them: after a title ("Frau Yılmaz") as a surname of an adult
   of that gender, otherwise first as a given name. Several candidates -> the one mentioned last.
4. Names are compared folded (case, diacritics, "ue" = "ü", "ı" = "i") and a genitive "s" is
   recognised when the bare name also occurs ("Leons Mutter").
5. Every further occurrence of a linked name in the text is a mention too (``propagate_mentions``),
   so a name the detector caught once is replaced everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from anonymizer.detection.findings import Finding, resolve_overlaps
from anonymizer.detection.gazetteers import first_names, german_nouns, german_words, lookup_key, surnames
from anonymizer.detection.lang_de import PARTICLES
from anonymizer.detection.memory import remembered_names
from anonymizer.names import fold, origin_of

PERSON = "PERSON"
TITLE_GENDERS = {"frau": "f", "fr.": "f", "herr": "m", "herrn": "m", "hr.": "m"}
# "Herr und Frau Yılmaz" is a couple: the whole phrase is one span, linked to the family.
TITLE_WORDS = r"(?:Herrn?|Frau)\s+und\s+(?:Frau|Herrn?)|Frau|Herrn?|Fr\.|Hr\.|Dr\.|Prof\."
TITLES_BEFORE = re.compile(rf"(?:\b(?:{TITLE_WORDS})\s+)+$")
TITLES_AT_START = re.compile(rf"^(?:(?:{TITLE_WORDS})\s+)+")
FAMILY_BEFORE = re.compile(r"\bFamilie\s+$")
GENITIVE_AFTER = re.compile(r"^(?:s|[’'])(?!\w)")
INITIAL_AT_END = re.compile(r"(?:^|\s)[A-ZÄÖÜ]$")  # "Leon Y" + "." -> "Leon Y."
# "Leons Mutter": a name + s before a relation word is a genitive even if "Leon" occurs nowhere else.
RELATION_AFTER = re.compile(
    r"\s+(?:Mutter|Vater|Eltern|Mama|Papa|Schwester|Bruder|Geschwister|Oma|Opa|Großmutter|Großvater|"
    r"Tante|Onkel|Familie|Sohn|Tochter|Kind|Kinder|Erzieher(?:in)?|Gruppe|Kita|Kindergarten|Verhalten|Entwicklung)\b"
)
# "Leon (4)", "Leon, 4 Jahre": a person with an age right after the name is a child.
CHILD_AFTER = re.compile(r"^s?\s*(?:\(\s*\d{1,2}\s*(?:[;,.]\d+)?\s*(?:J|Jahre?\b|\)|,)|,\s*\d{1,2}\s*(?:Jahre|J\.))")
CAPITALISED = r"[A-ZÄÖÜ][^\W\d_]*(?:-[A-ZÄÖÜ][^\W\d_]*)?"
WORD_BEFORE = re.compile(rf"(?P<line_start>(?:^|\n|\||\t)[ \t]*)?(?P<word>{CAPITALISED}) $")
WORD_AFTER = re.compile(rf" (?P<word>{CAPITALISED})(?![\w-])")


@dataclass(frozen=True, slots=True)
class PersonName:
    """How one mention names its person; operators use it to keep the shape ("Frau" + surname)."""

    title: str = ""
    given: tuple[str, ...] = ()
    surname: str = ""
    genitive: bool = False
    family: bool = False

    @property
    def gender(self) -> str | None:
        return TITLE_GENDERS.get(self.title.split(" ", 1)[0].casefold()) if self.title else None


@dataclass(frozen=True, slots=True)
class LinkedMention:
    start: int
    end: int
    entity: str
    name: PersonName


@dataclass
class _Person:
    key: str
    given: set[str] = field(default_factory=set)
    surname: str = ""
    gender: str | None = None
    child: bool = False
    positions: list[int] = field(default_factory=list)


def expand_person_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Take the titles before a name and a genitive ending after it into the span."""
    before = TITLES_BEFORE.search(text, max(0, start - 40), start)
    if before and before.end() == start:
        start = before.start()
    after = GENITIVE_AFTER.match(text[end : end + 2])
    if after:
        end += after.end()
    elif text[end : end + 1] == "." and INITIAL_AT_END.search(text, start, end):
        end += 1
    return start, end


def is_child_mention(text: str, end: int) -> bool:
    return bool(CHILD_AFTER.match(text[end : end + 24]))


def _split(span: str) -> tuple[str, list[str]]:
    title_match = TITLES_AT_START.match(span)
    title = " ".join(title_match.group().split()) if title_match else ""
    return title, span[title_match.end() if title_match else 0 :].split()


def _strip_genitive(token: str, known: set[str], before_relation: bool) -> tuple[str, bool]:
    """"Ayşes" -> ("Ayşe", True) when "Ayşe" occurs too or a relation word follows ("Leons Mutter");
    "Jonas" stays "Jonas"."""
    if token[-1:] in {"’", "'"}:
        return token[:-1], True
    if token.endswith("s") and len(token) > 3 and (
        fold(token[:-1]) in known or (before_relation and origin_of(token) is None and origin_of(token[:-1]))
    ):
        return token[:-1], True
    return token, False


def _parse(text: str, finding: Finding, known: set[str]) -> PersonName:
    title, tokens = _split(finding.text)
    if not tokens:
        return PersonName(title=title)
    last, genitive = _strip_genitive(tokens[-1], known, bool(RELATION_AFTER.match(text, finding.end)))
    tokens[-1] = last
    family = " und " in title or bool(FAMILY_BEFORE.search(text, max(0, finding.start - 10), finding.start))
    if len(tokens) == 1:
        return PersonName(title=title, surname=last, genitive=genitive, family=family) if title or family else (
            PersonName(given=(last,), genitive=genitive)
        )
    split_at = next((i for i, t in enumerate(tokens[1:], 1) if t.casefold() in PARTICLES), len(tokens) - 1)
    return PersonName(
        title=title,
        given=tuple(tokens[:split_at]),
        surname=" ".join(tokens[split_at:]),
        genitive=genitive,
        family=family,
    )


def _known_tokens(findings: Iterable[Finding]) -> set[str]:
    return {fold(token) for f in findings for token in _split(f.text)[1]}


class _People:
    """The people of one document, built from full names first, then single names."""

    def __init__(self, text: str):
        self.text = text
        self.people: list[_Person] = []

    def new(self, **attributes) -> _Person:
        person = _Person(key=f"person:{len(self.people) + 1}", **attributes)
        self.people.append(person)
        return person

    def add_full(self, name: PersonName, start: int, end: int) -> _Person:
        given, surname = fold(name.given[0]), fold(name.surname)
        person = next((p for p in self.people if p.surname == surname and given in p.given), None)
        if person is None:
            origin = origin_of(name.given[0], name.surname)
            person = self.new(surname=surname, gender=origin.gender if origin else None)
        person.given.update(fold(g) for g in name.given)
        self._note(person, name, start, end)
        return person

    def add_single(self, name: PersonName, start: int, end: int) -> tuple[_Person, PersonName]:
        token = name.surname or name.given[0]
        key = fold(token)
        by_surname = [p for p in self.people if p.surname == key]
        by_given = [p for p in self.people if key in p.given]
        lookups = (by_surname, by_given) if name.title else (by_given, by_surname)
        for kind, candidates in zip(("surname", "given") if name.title else ("given", "surname"), lookups):
            candidates = self._compatible(candidates, name)
            if candidates:
                person = self._nearest(candidates, start)
                resolved = PersonName(
                    title=name.title,
                    given=(token,) if kind == "given" else (),
                    surname=token if kind == "surname" else "",
                    genitive=name.genitive,
                )
                self._note(person, resolved, start, end)
                return person, resolved
        if name.title or name.family:
            person = self.new(surname=key, gender=name.gender)
        else:
            origin = origin_of(token)
            person = self.new(given={key}, gender=origin.gender if origin else None)
        self._note(person, name, start, end)
        return person, name

    @staticmethod
    def _compatible(candidates: list[_Person], name: PersonName) -> list[_Person]:
        if not name.title:
            return candidates
        adults = [p for p in candidates if not p.child]  # "Frau Yılmaz" is never the child
        same_gender = [p for p in adults if p.gender == name.gender]
        return same_gender or [p for p in adults if p.gender is None]

    @staticmethod
    def _nearest(candidates: list[_Person], position: int) -> _Person:
        def last_before(person: _Person) -> int:
            return max((p for p in person.positions if p < position), default=-1)

        return max(candidates, key=last_before)

    def _note(self, person: _Person, name: PersonName, start: int, end: int) -> None:
        person.positions.append(start)
        if name.gender and person.gender is None:
            person.gender = name.gender
        person.child = person.child or is_child_mention(self.text, end)


def link_persons(text: str, findings: list[Finding]) -> list[LinkedMention]:
    """Assign every PERSON finding (spans already expanded) to a person; returned in text order."""
    known = _known_tokens(findings)
    parsed = [(f, _parse(text, f, known)) for f in findings]
    people = _People(text)
    linked: dict[int, LinkedMention] = {}
    for index, (finding, name) in enumerate(parsed):
        if name.given and name.surname and not name.family:
            person = people.add_full(name, finding.start, finding.end)
            linked[index] = LinkedMention(finding.start, finding.end, person.key, name)
    for index, (finding, name) in enumerate(parsed):
        if index in linked:
            continue
        if name.family:
            entity, resolved = f"familie:{fold(name.surname or ' '.join(name.given))}", name
        elif not (name.given or name.surname):
            entity, resolved = f"titel:{finding.start}", name
        else:
            person, resolved = people.add_single(name, finding.start, finding.end)
            entity = person.key
        linked[index] = LinkedMention(finding.start, finding.end, entity, resolved)
    return [linked[i] for i in range(len(parsed))]


def complete_person_findings(text: str, findings: list[Finding], skip: frozenset[str] = frozenset()) -> list[Finding]:
    """All findings, with PERSON spans made whole: further mentions added, "Ayşe" + "Yılmaz" side by
    side joined, titles and genitive endings taken in. Overlaps are merged as detection does."""
    findings = sorted([*findings, *propagate_mentions(text, findings, skip)], key=lambda f: f.start)
    joined: list[Finding] = []
    for finding in findings:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.label == finding.label == PERSON
            and text[previous.end : finding.start] == " "
        ):
            joined[-1] = _respan(text, previous, previous.start, finding.end)
        else:
            joined.append(finding)
    expanded = [
        _respan(text, f, *expand_person_span(text, *name_parts_span(text, f.start, f.end))) if f.label == PERSON else f
        for f in joined
    ]
    return resolve_overlaps(expanded, text)


def name_parts_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a name part the detector left beside a name, so no half name stays behind.

    Before the name: a known first name that is no German noun ("Mehmet [Yılmaz]"), or, at the
    start of a line or table cell, any capitalised word that is no German word ("| Bich [Ngoc Pham]").
    After a lone first name: a known surname that is no German noun ("[Leon] Yılmaz")."""
    before = WORD_BEFORE.search(text, max(0, start - 40), start)
    if before:
        key = lookup_key(before.group("word"))
        known_word = key in german_nouns() or key in german_words()
        if (key in first_names() and key not in german_nouns()) or (before.group("line_start") is not None and not known_word):
            start = before.start("word")
    after = WORD_AFTER.match(text, end)
    if after and " " not in text[start:end].strip():
        key = lookup_key(after.group("word"))
        if key in surnames() and key not in german_nouns() and key not in german_words():
            end = after.end()
    return start, end


def _respan(text: str, finding: Finding, start: int, end: int) -> Finding:
    return Finding(start, end, finding.label, finding.score, finding.recognizer, finding.explanation, text[start:end])


def propagate_mentions(text: str, findings: list[Finding], skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Further occurrences of names found elsewhere in the text, as new PERSON findings: the
    detector's document memory (``detection/memory.py``) on findings that may come from elsewhere
    (a roster, a deny list, an edited selection), here taking a known name that is also a German
    word wherever it is capitalised. Words on an allow list (``skip``, case-folded) are never taken."""
    spans = [(f.start, f.end, f.label) for f in findings]
    return [
        Finding(start, end, PERSON, score, "AliasLinking", reason, text[start:end])
        for start, end, score, reason in remembered_names(text, spans, skip, everywhere=True)
    ]


UMLAUT_SPELLINGS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d"})


def name_variants(name: str) -> set[str]:
    """Spellings to search for a listed name: as written, "ü" as "ue", and without diacritics
    ("Yılmaz" -> "Yilmaz", "Müller" -> "Mueller", "Muller")."""
    umlauts = name.translate(UMLAUT_SPELLINGS)
    return {variant for variant in (name, umlauts, _ascii(name), _ascii(umlauts)) if variant.strip()}


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(UNDECOMPOSABLE))
    return "".join(char for char in decomposed if char.isascii())
