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
from anonymizer.consent.gate import PARTICIPANT_NOT_COVERED, Decision, check_meeting
from anonymizer.consent.schemas import REVOKED, FamilyRecord, ParticipantSpec
from anonymizer.consent.store import ConsentStore
from anonymizer.consent.vocabulary import Vocabulary, fold, get_vocabulary
from anonymizer.documents import splice
from anonymizer.errors import InputError

RELEASE, BLOCK = "Freigeben", "Nicht freigeben"
PROTOCOL_POLICY = "protokoll"
REGISTER_NAME = "Name einer Familie aus dem Einwilligungsregister"
NOT_IN_REGISTER = "Keine Einwilligung: Die Familie, mit der das Gespräch stattfand, steht nicht im Einwilligungsregister."
# For an institution that sees only part of the register: it must not learn whether the family is in it.
NO_VISIBLE_ENTRY = ("Keine Einwilligung: Für die Familie, mit der das Gespräch stattfand, ist im "
                    "Einwilligungsregister kein Eintrag sichtbar.")
WORD = re.compile(r"\w[\w\-]*")
SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# What our operators write instead of personal data and no original text holds. A re-check of the
# cleaned version must not report them. Stand-ins that look like real data ("4 J.", "Oktober 2025",
# a birth year) are not listed: they are no finding because the policy leaves them as they are.
STAND_IN = re.compile(
    r"\[[^\[\]\n]{1,40}\]"  # [PERSON_1], [ADRESSE_2], [Ort]
    r"|\b(?:[A-ZÄÖÜ]\w*\s+(?:von|des|der)\s+)?(?:Kind|Fachkraft|Person)\s+[A-Z]\b(?:'?s\b)?"  # Mutter von Kind A
    r"|\bFachkraft\s+(?:des|der)\s+[A-ZÄÖÜ][\w\-]*"  # Fachkraft des Jugendamts
    r"|(?:\bunter\s+\d{1,2}|\b\d{1,2}\s?[–-]\s?\d{1,2})\s?J\."  # 3–4 J., unter 1 J.
    r"|\b\d{1,2}-\s?bis\s\d{1,2}-jährig\w*"  # 3- bis 4-jährige
)
# Words that are no personal data, alone or beside a stand-in in a detected span ("Frau [PERSON_1]",
# "Kind: Kind A", where the detector takes the label "Kind" for a name).
STAND_IN_COMPANIONS = frozenset({"frau", "herr", "herrn", "am", "im", "seit", "von", "der", "die", "das", "des",
                                 "dem", "den", "und", "kind", "mutter", "vater", "eltern"})
TOP_HEADING = re.compile(r"^[ \t]*TOP[ \t]*(\d+)\b", re.IGNORECASE | re.MULTILINE)
# A meeting still to come: "ist für den 15.04.2026 geplant", "findet am … statt". Not an agreement
# reached in a meeting ("es wurde vereinbart, dass …", "Vereinbart: …").
PLANNED = re.compile(r"\b(?:geplant|verabredet|angesetzt|vorgesehen|vereinbart(?!\s*(?:,\s*dass|:)))\b"
                     r"|\bfindet\b[^.\n]*\bstatt\b|\b(?:wird|soll)\b[^.\n]*\bstattfinden\b", re.IGNORECASE)
# The day of the meeting in its own sentence ("am 15.04.2026", "für den Dienstag, 15.04.2026"); a date
# without such a word may be a birth date.
DAY_OF_MEETING = re.compile(r"\b(?:am|für den|vom|zum)\s+(?:[A-ZÄÖÜ][a-zäöüß]+,?\s+(?:den\s+)?)?(?=\d)")
CONTEXT_WORDS = 4  # words quoted on either side of a finding
GERMAN_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    line: int
    column: int
    section: str  # "TOP 3" or "Absatz 2": what a reader finds in a Word file too


def place(text: str, start: int, end: int) -> Place:
    return Place(start, end, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start),
                 section_name(text, start))


def section_name(text: str, offset: int) -> str:
    """The TOP that holds ``offset``, or else its paragraph (a non-empty line: a paragraph of a Word file)."""
    headings = [m for m in TOP_HEADING.finditer(text) if m.start() <= offset]
    if headings:
        return f"TOP {headings[-1].group(1)}"
    lines_before = text[:offset].split("\n")[:-1]
    return f"Absatz {sum(1 for line in lines_before if line.strip()) + 1}"


def top_around(text: str, offset: int) -> tuple[int, int] | None:
    """The span of the TOP that holds ``offset`` (heading to next heading), if the minutes have TOPs."""
    starts = [m.start() for m in TOP_HEADING.finditer(text)]
    before = [start for start in starts if start <= offset]
    if not before:
        return None
    return before[-1], next((start for start in starts if start > offset), len(text))


def neutral_context(text: str, start: int, end: int, replacements: Sequence[tuple[int, int, str]]) -> str:
    """A few words on either side of ``text[start:end]``, on its line, with every personal datum in them
    shown as its stand-in and the finding itself marked: »[PERSON_1]«."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = len(text) if text.find("\n", end) < 0 else text.find("\n", end)
    before = [m.start() for m in re.finditer(r"\S+", text[line_start:start])]
    after = [m.end() for m in re.finditer(r"\S+", text[end:line_end])]
    begin = line_start + (before[-CONTEXT_WORDS] if len(before) >= CONTEXT_WORDS else 0)
    finish = end + after[CONTEXT_WORDS - 1] if len(after) >= CONTEXT_WORDS else line_end
    for other_start, other_end, _ in replacements:  # never cut through other personal data
        begin = other_start if other_start < begin < other_end else begin
        finish = other_end if other_start < finish < other_end else finish
    inside = [(s - begin, e - begin, f"»{value}«" if (s, e) == (start, end) else value)
              for s, e, value in replacements if begin <= s and e <= finish]
    snippet = splice(text[begin:finish], inside).strip()
    return f"{'… ' if begin > line_start else ''}{snippet}{' …' if finish < line_end else ''}"


@dataclass(frozen=True)
class PersonalData:
    where: Place
    label: str
    text: str
    replacement: str
    reason: str
    context: str = ""  # a few neutral words around it, the finding marked »…«


@dataclass(frozen=True)
class JointMeeting:
    """One family that took part in (or is to meet at) a meeting the minutes record, and whether
    consent covers it: on the meeting's day for a held meeting, before it for a planned one."""

    family_id: int | None  # None: the family named is not in the register
    mentions: list[Place]
    participants: list[str]
    purpose: str
    day: dt.date
    allowed: bool
    reason: str
    planned: bool = False
    next_step: str = ""  # what to do so the minutes may be sent ("" when nothing is to do)

    @property
    def where(self) -> str:
        return ", ".join(dict.fromkeys(p.section for p in self.mentions))


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
                who = f"Familie {m.family_id}" if m.family_id is not None else "Familie ohne sichtbaren Registereintrag"
                when = f"geplant am {m.day:%d.%m.%Y}" if m.planned else f"am {m.day:%d.%m.%Y}"
                lines.append(f"  {who} ({m.where}), {when}, {m.purpose}, "
                             f"mit {', '.join(m.participants) or '?'}: {m.reason}")
        if self.personal_data:
            lines.append("Personenbezogene Daten:")
            lines += [f"  {d.where.section}: {d.label} „{d.text}“ -> {d.replacement} ({d.reason}), bei „{d.context}“"
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


def day_in_sentence(sentences: str) -> dt.date | None:
    """The day a meeting sentence gives for it ("… ist für den 15.04.2026 geplant")."""
    cue = DAY_OF_MEETING.search(sentences)
    return first_date(sentences[cue.end():cue.end() + 12]) if cue else None


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
    sentences: str = ""  # the sentences that show the meeting: its day, whether it is planned
    scope: str = ""  # the TOP (or, without TOPs, the sentences) that describes it: participants, purpose
    on_attendance_list: bool = False  # a family member is listed among the participants of the minutes


def joint_meetings(text: str, index: FamilyIndex, members: frozenset[str], vocabulary: Vocabulary,
                   known_institutions: Sequence[str]) -> list[_Meeting]:
    """Which families took part in a meeting recorded in ``text``."""
    mentions = index.mentions(text)
    meetings: dict[int | None, _Meeting] = {}

    def add(family_id: int | None, where: list[Place], cue: re.Match | None = None) -> _Meeting:
        meeting = meetings.setdefault(family_id, _Meeting(family_id, []))
        meeting.mentions += [p for p in where if p not in meeting.mentions]
        if cue is not None:
            begin, end = sentence_around(text, cue.start(), cue.end())
            top = top_around(text, cue.start())
            meeting.sentences += " " + text[begin:end]
            meeting.scope += " " + (text[top[0]:top[1]] if top else text[begin:end])
        return meeting

    header = header_value(text, vocabulary.participants_headers)
    if header:
        start, value = header
        for family_id, where in index.mentions(value):
            add(family_id, [place(text, start + where.start, start + where.end)]).on_attendance_list = True
    for pattern in vocabulary.joint_meeting_cues:
        for cue in re.finditer(pattern, text):
            begin, end = sentence_around(text, cue.start(), cue.end())
            inside = [(family_id, where) for family_id, where in mentions if begin <= where.start < end]
            for family_id, where in inside:
                add(family_id, [where], cue)
            name = cue.groupdict().get("name")
            if inside:
                continue
            if name and not STAND_IN.match(text, cue.start("name")) and _family_name(
                    name, text, cue.end("name"), members, known_institutions, vocabulary):
                add(None, [place(text, cue.start("name"), cue.end("name"))], cue)
            elif not name and len({f for f, _ in mentions}) == 1:
                # "gemeinsames Elterngespräch" without a name: the one registered family the minutes name.
                family_id = mentions[0][0]
                add(family_id, [where for f, where in mentions if f == family_id], cue)
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


def meeting_participants(meeting: _Meeting, attendance: str, has_tops: bool, known: Sequence[str],
                         vocabulary: Vocabulary) -> list[str]:
    """The institutions at the joint meeting. When a family member is on the attendance list, that list is
    the meeting's. Otherwise the institutions named where the minutes describe the meeting (its TOP or
    sentence), not the whole round; a bare kind ("der Familienhilfe") becomes the listed institution of
    that kind. Minutes without TOPs that name none there are taken to record one meeting: the list."""
    listed = institutions_in(attendance, known, vocabulary)
    if meeting.on_attendance_list:
        return listed
    named = institutions_in(meeting.scope, known, vocabulary)
    if not named and not has_tops:
        return listed
    return list(dict.fromkeys(
        next((i for i in listed if vocabulary.institution_kind(i) == name), name) if vocabulary.is_bare_kind(name)
        else name for name in named))


def _consent_decision(meeting: _Meeting, store: ConsentStore | None, day: dt.date, participants: list[str],
                      purpose: str, institution: str | None, visible_to: str | None,
                      planned: bool) -> tuple[bool, str, str]:
    """Allowed?, the reason, and what to do next."""
    enter_consent = ("Einwilligung der Familie vor dem Termin eintragen oder Gespräch streichen." if planned else
                     f"Einwilligung der Familie eintragen, die am {day:%d.%m.%Y} vorlag, oder das Gespräch aus dem "
                     "Protokoll streichen.")
    if store is None:
        return (False, "Einwilligung nicht prüfbar: Einwilligungsregister nicht verfügbar (kein Schlüssel).",
                "Mit dem Schlüssel des Einwilligungsregisters erneut prüfen.")
    if meeting.family_id is None:
        return False, NOT_IN_REGISTER if visible_to is None else NO_VISIBLE_ENTRY, enter_consent
    if not participants:
        return (False, "Teilnehmer nicht abgedeckt: Die teilnehmenden Institutionen sind nicht erkennbar.",
                ("Dort, wo das Gespräch beschrieben ist, die teilnehmenden Einrichtungen nennen (oder beim Prüfen "
                 "angeben)."))
    decision: Decision = check_meeting(store, meeting.family_id, [ParticipantSpec(institution=p) for p in participants],
                                       purpose, day, institution, visible_to)
    if decision.allowed:
        return True, decision.reason, "Vor dem Termin prüfen, ob die Einwilligung noch gilt." if planned else ""
    if decision.reason_code == PARTICIPANT_NOT_COVERED:
        step = ("Die Einwilligung um die fehlenden Einrichtungen erweitern lassen oder deren Teilnahme aus dem "
                "Protokoll streichen.")
    elif decision.reason_code == REVOKED and not planned:
        step = "Das Gespräch aus dem Protokoll streichen: Die Einwilligung war an diesem Tag schon widerrufen."
    else:
        step = enter_consent
    return False, decision.reason, step


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
    today = today or dt.date.today()
    document_day = meeting_day(text, vocabulary) or today
    header = header_value(text, vocabulary.participants_headers)
    has_tops = TOP_HEADING.search(text) is not None
    for meeting in joint_meetings(text, index, policy.member_names(), vocabulary, known):
        present = list(participants) or meeting_participants(meeting, header[1] if header else "", has_tops, known,
                                                             vocabulary)
        category = vocabulary.category(purpose) if purpose else purpose_of(text, meeting.scope, vocabulary)
        when = day or day_in_sentence(meeting.sentences) or document_day
        # A planned meeting is judged on its day as the register stands now: a revocation already given blocks it.
        planned = when > today or PLANNED.search(meeting.sentences) is not None
        allowed, reason, step = _consent_decision(meeting, store, when, present, category, institution, visible_to,
                                                  planned)
        if planned:
            reason = f"Geplantes Gespräch am {when:%d.%m.%Y}: Die Einwilligung muss vorliegen, bevor es stattfindet. {reason}"
        meetings.append(JointMeeting(meeting.family_id, meeting.mentions, present, category, when, allowed, reason,
                                     planned, step))

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
    spans = [(r.start, r.end, r.replacement) for r in replaced]
    personal = [
        PersonalData(place(text, r.start, r.end), policy.german_labels.get(r.label, r.label), r.original, r.replacement,
                     REGISTER_NAME if r.recognizer == "DenyList" and _registered(r.original, index)
                     else _german_reason(explanations.get((r.start, r.end)), r.recognizer),
                     neutral_context(text, r.start, r.end, spans))
        for r in replaced
    ]

    reasons = [f"Gemeinsames Gespräch ohne gültige Einwilligung – {m.reason} ({m.where}) Was tun: {m.next_step}"
               for m in meetings if not m.allowed]
    if personal:
        places = "1 Stelle" if len(personal) == 1 else f"{len(personal)} Stellen"
        where = ", ".join(dict.fromkeys(d.where.section for d in personal))
        reasons.append(f"{places} mit personenbezogenen Daten ({where}); die bereinigte Fassung ersetzt sie. "
                       "Was tun: die bereinigte Fassung herunterladen und statt des Originals verteilen.")
    notes = [f"{m.reason} ({m.where}) {m.next_step}" for m in meetings if m.allowed and m.planned]
    notes += [w.message for w in result.report.warnings] if result.report else []
    return MinutesReport(
        verdict=BLOCK if reasons else RELEASE,
        reasons=reasons,
        meetings=meetings,
        personal_data=personal,
        cleaned=splice(text, spans),
        replacements=spans,
        notes=notes,
    )


def _only_stand_ins(text: str, start: int, end: int, stand_ins: Sequence[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` holds nothing but stand-ins (and titles, articles or role nouns)."""
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
