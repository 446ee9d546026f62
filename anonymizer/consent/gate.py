"""The gate: may these network members meet with this family, for this purpose, on this day?

``decide`` is the rule, on decrypted records; ``check_meeting`` applies it to the register and
audits every decision (family id, category, date, outcome; the institutions encrypted, they may be names).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from anonymizer.consent.schemas import (
    EXPIRED,
    NOT_YET_VALID,
    REVOKED,
    ConsentRecord,
    ParticipantSpec,
)
from anonymizer.consent.store import ConsentStore, family_entity
from anonymizer.consent.vocabulary import Vocabulary, get_vocabulary, same_institution, same_person
from anonymizer.errors import InputError

ALLOWED = "erlaubt"
NO_CONSENT = "keine Einwilligung"
PARTICIPANT_NOT_COVERED = "Teilnehmer nicht abgedeckt"
PURPOSE_NOT_COVERED = "Zweck nicht abgedeckt"
# When no consent fits, the reason reported first is the most fundamental one.
REASON_ORDER = (REVOKED, EXPIRED, NOT_YET_VALID, PURPOSE_NOT_COVERED, PARTICIPANT_NOT_COVERED)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason_code: str  # ALLOWED, NO_CONSENT or one of REASON_ORDER
    reason: str  # plain German, safe to show and to log: no names
    consent_id: int | None = None

    def to_dict(self) -> dict:
        return {"erlaubt": self.allowed, "grund": self.reason_code, "begruendung": self.reason,
                "einwilligung": self.consent_id}


def german_date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def covered(wanted: ParticipantSpec, consent: ConsentRecord, vocabulary: Vocabulary) -> bool:
    """An institution entry without staff covers anyone of it; one with staff only that person.
    A participant given without a person (minutes often say only "die Familienhilfe") is covered
    by any entry of the institution."""
    for entry in consent.participants:
        if not same_institution(wanted.institution, entry.institution, vocabulary):
            continue
        if entry.staff is None or wanted.staff is None or same_person(wanted.staff, entry.staff):
            return True
    return False


def _problems(consent: ConsentRecord, participants: Sequence[ParticipantSpec], category: str, day: dt.date,
              vocabulary: Vocabulary) -> dict[str, str]:
    problems = {}
    state = consent.state_on(day)
    if state == REVOKED:
        problems[REVOKED] = f"Einwilligung {consent.id} wurde am {german_date(consent.revoked_on)} widerrufen."
    elif state == EXPIRED:
        problems[EXPIRED] = f"Einwilligung {consent.id} galt nur bis {german_date(consent.valid_until)}."
    elif state == NOT_YET_VALID:
        problems[NOT_YET_VALID] = f"Einwilligung {consent.id} gilt erst ab {german_date(consent.valid_from)}."
    if consent.category != category:
        problems[PURPOSE_NOT_COVERED] = (
            f"Einwilligung {consent.id} gilt für „{consent.category}“, nicht für „{category}“."
        )
    missing = [p.institution for p in participants if not covered(p, consent, vocabulary)]
    if missing:
        problems[PARTICIPANT_NOT_COVERED] = (
            f"{', '.join(dict.fromkeys(missing))} {'ist' if len(missing) == 1 else 'sind'} "
            f"in Einwilligung {consent.id} nicht (oder nicht mit dieser Person) genannt."
        )
    return problems


def decide(consents: Sequence[ConsentRecord], participants: Sequence[ParticipantSpec], category: str,
           day: dt.date, vocabulary: Vocabulary | None = None) -> Decision:
    vocabulary = vocabulary or get_vocabulary()
    if not consents:
        return Decision(False, NO_CONSENT, "Keine Einwilligung: Für diese Familie ist keine Einwilligung sichtbar.")
    checked = [(consent, _problems(consent, participants, category, day, vocabulary)) for consent in consents]
    for consent, problems in checked:
        if not problems:
            reason = (f"Erlaubt: Einwilligung {consent.id} deckt das Gespräch am {german_date(day)} ab "
                      f"(gültig bis {german_date(consent.valid_until)}).")
            if consent.revoked_on is not None:  # revoked after the meeting: it stays covered
                reason += (f" Sie wurde inzwischen am {german_date(consent.revoked_on)} widerrufen und deckt "
                           "keine späteren Gespräche.")
            return Decision(True, ALLOWED, reason, consent.id)
    # The nearest miss: fewest problems, then the newest consent.
    consent, problems = min(checked, key=lambda item: (len(item[1]), -item[0].id))
    code = next(reason for reason in REASON_ORDER if reason in problems)
    details = " ".join(problems[reason] for reason in REASON_ORDER if reason in problems)
    return Decision(False, code, f"{code[0].upper()}{code[1:]}: {details}", consent.id)


def check_meeting(store: ConsentStore, family_id: int, participants: Sequence[ParticipantSpec | str],
                  purpose: str, day: dt.date, institution: str | None = None, visible_to: str | None = None) -> Decision:
    """Decide and audit. ``participants`` are institutions or ``ParticipantSpec``; ``purpose`` a category.

    With ``visible_to`` the decision rests only on what that institution may see: an unseen family is
    ``NotFound``, and consents it is not part of are neither used nor named in the reason (a consent
    that covers a meeting the institution takes part in names it, so it sees that one)."""
    vocabulary = get_vocabulary()
    category = vocabulary.category(purpose)
    if category is None:
        raise InputError(f"Unbekannter Zweck; erlaubt: {', '.join(vocabulary.category_names)}.")
    wanted = [p if isinstance(p, ParticipantSpec) else ParticipantSpec(institution=p) for p in participants]
    if not wanted:
        raise InputError("Mindestens eine teilnehmende Institution angeben.")
    store.family(family_id, visible_to)  # refuses unknown (or unseen) families
    decision = decide(store.consents(visible_to, family_id), wanted, category, day, vocabulary)
    store.record("gate_decision", family_entity(family_id), {
        "decision": decision.reason_code, "consent": decision.consent_id, "category": category, "date": day,
    }, institution=institution, family_id=family_id, private={"institutions": sorted({p.institution for p in wanted})})
    return decision
