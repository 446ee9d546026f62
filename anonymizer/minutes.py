"""The minutes check: may these minutes be distributed in the network?

Two questions, answered from the text:

1. Did the family itself take part ("Gespräch mit Familie X", "gemeinsames Elterngespräch",
   a family member among the participants)? Then a valid consent in the register must cover
   that meeting: the family, the institutions present, the purpose, the day (``check_meeting``).
2. Is personal data left that the ``protokoll`` policy would replace? Then every such place is
   listed, and a cleaned version is produced by ``anonymizer.anonymize(text, policy=...)``.

Verdict: "Freigeben" only when neither blocks. Names come from the register decrypted in memory
and are never logged; the report shows them only to the user who asked for the check.

``visible_to`` (the asking institution) limits the check to the register entries that institution may
see: other families are neither recognised nor replaced as register names, and a meeting with a family
it does not see gets the same answer as one with a family not in the register ("kein Eintrag sichtbar").
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from anonymizer.config import Settings, get_settings
from anonymizer.consent.gate import Decision, check_meeting
from anonymizer.consent.schemas import FamilyRecord, ParticipantSpec
from anonymizer.consent.store import ConsentStore
from anonymizer.consent.vocabulary import Vocabulary, fold, get_vocabulary
from anonymizer.documents import splice
from anonymizer.errors import InputError
from anonymizer.operators.dates import MONTHS

RELEASE, BLOCK = "Freigeben", "Nicht freigeben"
PROTOCOL_POLICY = "protokoll"
REGISTER_NAME = "Name einer Familie aus dem Einwilligungsregister"
NOT_IN_REGISTER = "Keine Einwilligung: Die Familie, mit der das Gespräch stattfand, steht nicht im Einwilligungsregister."
# For an institution that sees only part of the register: it must not learn whether the family is in it.
NO_VISIBLE_ENTRY = ("Keine Einwilligung: Für die Familie, mit der das Gespräch stattfand, ist im "
                    "Einwilligungsregister kein Eintrag sichtbar.")
WORD = re.compile(r"\w[\w\-]*")
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# What our operators write instead of personal data. A re-check of the cleaned version must not
# report its own stand-ins: placeholders, role names, generalised ages and dates.
STAND_IN = re.compile(
    r"\[[^\[\]\n]{1,40}\]"  # [PERSON_1], [ADRESSE_2], [Ort]
    r"|\b(?:[A-ZÄÖÜ]\w*\s+(?:von|des|der)\s+)?(?:Kind|Fachkraft|Person)\s+[A-Z]\b(?:'?s\b)?"  # Mutter von Kind A
    r"|\bFachkraft\s+(?:des|der)\s+[A-ZÄÖÜ][\w\-]*"  # Fachkraft des Jugendamts
    r"|(?:\bunter\s+)?\b\d{1,2}(?:\s?[–-]\s?\d{1,2})?\s?J\."  # 4 J., 3–4 J., unter 1 J.
    r"|\b\d{1,2}-(?:\s?bis\s\d{1,2}-)?jährig\w*"  # 3- bis 4-jährige
    rf"|\b(?:{'|'.join(MONTHS)})\s+\d{{4}}\b|\b(?:19|20)\d{{2}}\b"  # Oktober 2025, a birth year
)
# Words that may stay beside a stand-in inside a detected span ("Frau [PERSON_1]", "geb. 2021").
STAND_IN_COMPANIONS = frozenset({"frau", "herr", "herrn", "geb", "am", "im", "seit", "von", "der", "die", "das",
                                 "des", "dem", "den", "und"})
GERMAN_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    line: int
    column: int


def place(text: str, start: int, end: int) -> Place:
    return Place(start, end, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))


@dataclass(frozen=True)
class PersonalData:
    where: Place
    label: str
    text: str
    replacement: str
    reason: str


@dataclass(frozen=True)
class JointMeeting:
    """One family that took part in a meeting the minutes record, and whether consent covers it."""

    family_id: int | None  # None: the family named is not in the register
    mentions: list[Place]
    participants: list[str]
    purpose: str
    day: dt.date
    allowed: bool
    reason: str


@dataclass
class MinutesReport:
    verdict: str
    reasons: list[str]
    meetings: list[JointMeeting]
    personal_data: list[PersonalData]
    cleaned: str
    replacements: list[tuple[int, int, str]] = field(repr=False)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("replacements")
        return data

    def to_text(self) -> str:
        lines = [f"Ergebnis: {self.verdict}"]
        lines += [f"  - {reason}" for reason in self.reasons]
        if self.meetings:
            lines.append("Gemeinsame Gespräche mit Familien:")
            for m in self.meetings:
                where = ", ".join(f"Zeile {line}" for line in dict.fromkeys(p.line for p in m.mentions))
                who = f"Familie {m.family_id}" if m.family_id is not None else "Familie ohne sichtbaren Registereintrag"
                lines.append(f"  {who} ({where}), {m.day:%d.%m.%Y}, {m.purpose}, "
                             f"mit {', '.join(m.participants) or '?'}: {m.reason}")
        if self.personal_data:
            lines.append("Personenbezogene Daten:")
            lines += [f"  Zeile {d.where.line}, Spalte {d.where.column}: {d.label} „{d.text}“ -> {d.replacement} ({d.reason})"
                      for d in self.personal_data]
        lines += [f"Hinweis: {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


# --- reading the minutes -----------------------------------------------------------------------


def header_value(text: str, headers: Sequence[str]) -> tuple[int, str] | None:
    """The text after "Teilnehmende:" (or another of ``headers``) on its line, with its offset."""
    names = "|".join(re.escape(h) for h in headers)
    match = re.search(rf"^[ \t]*(?:{names})[ \t]*:[ \t]*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    return (match.start(1), match.group(1)) if match else None


def first_date(text: str) -> dt.date | None:
    for match in GERMAN_DATE.finditer(text):
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(6), match.group(5), match.group(4))
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def meeting_day(text: str, vocabulary: Vocabulary) -> dt.date | None:
    header = header_value(text, vocabulary.date_headers)
    return (header and first_date(header[1])) or first_date(text)


def institutions_in(text: str, known: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    """Institutions named in ``text``: registered names first (longest first), then kinds ("ASD" -> Jugendamt)."""
    rest, found = f" {fold(text)} ", []
    for institution in sorted(set(known), key=len, reverse=True):
        key = f" {fold(institution)} "
        if key.strip() and key in rest:
            found.append(institution)
            rest = rest.replace(key, " | ")
    for kind in vocabulary.institution_kinds:
        for alias in sorted(kind.aliases, key=len, reverse=True):
            key = f" {fold(alias)} "
            if key in rest:
                found.append(kind.name)
                rest = rest.replace(key, " | ")
    return list(dict.fromkeys(found))


def purpose_of(text: str, scope: str, vocabulary: Vocabulary) -> str:
    """The category the minutes point to: the purpose header, then the meeting sentence, then the text."""
    header = header_value(text, vocabulary.purpose_headers)
    for part in ([header[1]] if header else []) + [scope, text]:
        words = f" {fold(part)} "
        hits = [(words.find(f" {fold(cue)}"), category.name)
                for category in vocabulary.categories for cue in category.cues if f" {fold(cue)}" in words]
        if hits:
            return min(hits)[1]
    return vocabulary.categories[0].name


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


class FamilyIndex:
    """Where the minutes name a registered family: by surname, full name, alias, or a first name
    that only one registered family uses. Spelling-tolerant (Yilmaz = Yılmaz, Mueller = Müller)."""

    def __init__(self, families: Sequence[FamilyRecord]) -> None:
        owners: dict[str, set[int]] = {}
        for family in families:
            for member in family.members:
                for name in (member.name, *member.aliases):
                    for word in fold(name).split():
                        owners.setdefault(word, set()).add(family.id)
        self.surnames = {fold(member.name).split()[-1] for f in families for member in f.members}
        # A first name shared by two registered families identifies neither.
        self.word_owner = {word: ids.pop() for word, ids in owners.items() if len(ids) == 1 and len(word) > 2}

    def mentions(self, text: str) -> list[tuple[int, Place]]:
        return [(self.word_owner[key], place(text, m.start(), m.end()))
                for m in WORD.finditer(text) if (key := fold(m.group())) in self.word_owner]



def register_terms(families: Iterable[FamilyRecord]) -> list[str]:
    """Every name and name part, for the cleaned version to replace even where detection missed it."""
    return sorted({part for f in families for m in f.members for name in (m.name, *m.aliases)
                   for part in (name, *name.split()) if len(part) > 2})


@dataclass
class _Meeting:
    family_id: int | None
    mentions: list[Place]
    scope: str  # the sentences that show the meeting


def joint_meetings(text: str, index: FamilyIndex, members: frozenset[str], vocabulary: Vocabulary,
                   known_institutions: Sequence[str]) -> list[_Meeting]:
    """Which families took part in a meeting recorded in ``text``."""
    mentions = index.mentions(text)
    meetings: dict[int | None, _Meeting] = {}

    def add(family_id: int | None, where: list[Place], scope: str) -> None:
        meeting = meetings.setdefault(family_id, _Meeting(family_id, [], ""))
        meeting.mentions += [p for p in where if p not in meeting.mentions]
        meeting.scope += " " + scope

    header = header_value(text, vocabulary.participants_headers)
    if header:
        start, value = header
        for family_id, where in index.mentions(value):
            add(family_id, [place(text, start + where.start, start + where.end)], value)
    for pattern in vocabulary.joint_meeting_cues:
        for cue in re.finditer(pattern, text):
            begin, end = sentence_around(text, cue.start(), cue.end())
            inside = [(family_id, where) for family_id, where in mentions if begin <= where.start < end]
            for family_id, where in inside:
                add(family_id, [where], text[begin:end])
            name = cue.groupdict().get("name")
            if inside:
                continue
            if name and not STAND_IN.match(text, cue.start("name")) and _family_name(
                    name, text, cue.end("name"), members, known_institutions, vocabulary):
                add(None, [place(text, cue.start("name"), cue.end("name"))], text[begin:end])
            elif not name and len({f for f, _ in mentions}) == 1:
                # "gemeinsames Elterngespräch" without a name: the one registered family the minutes name.
                family_id = mentions[0][0]
                add(family_id, [where for f, where in mentions if f == family_id], text[begin:end])
            # Otherwise no family member is recognisable (no name, or only stand-ins such as "Mutter von
            # Kind A" in a cleaned version): there is no family whose consent could be checked.
    return list(meetings.values())


def _family_name(name: str, text: str, end: int, members: frozenset[str], known: Sequence[str],
                 vocabulary: Vocabulary) -> bool:
    """A captured "Frau X" is a family member unless X is a network member: listed in the policy's
    members, or followed by an institution in brackets ("Frau Schneider (ASD)")."""
    member_words = {word for member in members for word in fold(member).split()}
    if not name[0].isupper() or any(word in member_words for word in fold(name).split()):
        return False
    bracket = re.match(r"\s*\(([^)]*)\)", text[end:])
    return not (bracket and institutions_in(bracket.group(1), known, vocabulary))


# --- the check -----------------------------------------------------------------------------------


def _consent_decision(meeting: _Meeting, store: ConsentStore | None, day: dt.date, participants: list[str],
                      purpose: str, institution: str | None, visible_to: str | None) -> tuple[bool, str]:
    if store is None:
        return False, "Einwilligung nicht prüfbar: Einwilligungsregister nicht verfügbar (kein Schlüssel)."
    if meeting.family_id is None:
        return False, NOT_IN_REGISTER if visible_to is None else NO_VISIBLE_ENTRY
    if not participants:
        return False, ("Teilnehmer nicht abgedeckt: Die teilnehmenden Institutionen sind nicht erkennbar "
                       "(Zeile „Teilnehmende:“ ergänzen oder --teilnehmer angeben).")
    decision: Decision = check_meeting(store, meeting.family_id, [ParticipantSpec(institution=p) for p in participants],
                                       purpose, day, institution, visible_to)
    return decision.allowed, decision.reason


def check_minutes(
    text: str,
    store: ConsentStore | None,
    *,
    participants: Sequence[str] = (),
    purpose: str | None = None,
    day: dt.date | None = None,
    institution: str | None = None,
    visible_to: str | None = None,
    today: dt.date | None = None,
    settings: Settings | None = None,
) -> MinutesReport:
    """Check minutes: consent for joint meetings, personal data left, and a cleaned version.

    ``participants``, ``purpose`` and ``day`` override what is read from the minutes themselves;
    ``institution`` is audited with each consent decision; ``visible_to`` limits what the check
    uses of the register (the whole register when None: the command line, which holds the key).
    """
    from anonymizer import anonymize
    from anonymizer.anonymization import resolve_policy

    settings = settings or get_settings()
    vocabulary = get_vocabulary()
    families = store.families(visible_to) if store is not None else []
    index = FamilyIndex(families)
    known = sorted({i for c in (store.consents(visible_to) if store else []) for i in (c.institution, *(p.institution for p in c.participants))})
    policy = resolve_policy(PROTOCOL_POLICY, settings)
    if purpose is not None and vocabulary.category(purpose) is None:
        raise InputError(f"Unbekannter Zweck; erlaubt: {', '.join(vocabulary.category_names)}.")

    meetings = []
    day = day or meeting_day(text, vocabulary) or today or dt.date.today()
    header = header_value(text, vocabulary.participants_headers)
    for meeting in joint_meetings(text, index, policy.member_names(), vocabulary, known):
        present = list(participants) or institutions_in(header[1] if header else meeting.scope, known, vocabulary)
        category = vocabulary.category(purpose) if purpose else purpose_of(text, meeting.scope, vocabulary)
        allowed, reason = _consent_decision(meeting, store, day, present, category, institution, visible_to)
        meetings.append(JointMeeting(meeting.family_id, meeting.mentions, present, category, day, allowed, reason))

    # The register's names are always replaced, also where detection alone would miss them.
    register_names = register_terms(families)
    if register_names:
        denied = dict(policy.deny_list)
        denied["PERSON"] = sorted(set(denied.get("PERSON", [])) | set(register_names))
        policy = policy.model_copy(update={"deny_list": denied})
    result = anonymize(text, policy=policy, settings=settings)
    stand_ins = [m.span() for m in STAND_IN.finditer(text)]
    replaced = [r for r in result.replacements
                if r.replacement != r.original and not _only_stand_ins(text, r.start, r.end, stand_ins)]
    explanations = {(f.start, f.end): f.explanation for f in result.findings}
    personal = [
        PersonalData(place(text, r.start, r.end), policy.german_labels.get(r.label, r.label), r.original, r.replacement,
                     REGISTER_NAME if r.recognizer == "DenyList" and _registered(r.original, index)
                     else _german_reason(explanations.get((r.start, r.end)), r.recognizer))
        for r in replaced
    ]

    reasons = [f"Gemeinsames Gespräch ohne gültige Einwilligung – {m.reason}" for m in meetings if not m.allowed]
    if personal:
        places = "1 Stelle" if len(personal) == 1 else f"{len(personal)} Stellen"
        reasons.append(f"{places} mit personenbezogenen Daten; die bereinigte Fassung ersetzt sie.")
    notes = [w.message for w in result.report.warnings] if result.report else []
    return MinutesReport(
        verdict=BLOCK if reasons else RELEASE,
        reasons=reasons,
        meetings=meetings,
        personal_data=personal,
        cleaned=splice(text, ((r.start, r.end, r.replacement) for r in replaced)),
        replacements=[(r.start, r.end, r.replacement) for r in replaced],
        notes=notes,
    )


def _only_stand_ins(text: str, start: int, end: int, stand_ins: Sequence[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` holds nothing but stand-ins (and a title or article beside them)."""
    span = list(text[start:end])
    for begin, finish in stand_ins:
        for offset in range(max(begin, start), min(finish, end)):
            span[offset - start] = " "
    return all(fold(word) in STAND_IN_COMPANIONS for word in WORD.findall("".join(span)))


def _german_reason(explanation: str | None, recognizer: str) -> str:
    # Presidio's own pattern recognizers explain in English ("Detected by ..."); ours in German.
    if not explanation or explanation.startswith("Detected by"):
        return f"erkannt von {recognizer}"
    return explanation


def _registered(name: str, index: FamilyIndex) -> bool:
    return any(word in index.word_owner or word in index.surnames for word in fold(name).split())
