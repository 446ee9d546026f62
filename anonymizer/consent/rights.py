"""The family's rights under the DSGVO: access (Art. 15), erasure (Art. 17), and reminders before a
consent runs out, so the family is asked again instead of the consent silently lapsing."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from anonymizer.consent.audit import ACTION_LABELS, utcnow
from anonymizer.consent.schemas import ConsentRecord
from anonymizer.consent.store import ConsentStore, family_entity
from anonymizer.consent.templates import render


def export_family(store: ConsentStore, family_id: int, institution: str | None = None,
                  acting_as: str | None = None) -> dict:
    """Everything the register holds about the family, decrypted, plus the log of what was done.
    ``acting_as``: on what ground the institution asks (see ``anonymizer.consent.access``), audited."""
    family = store.family(family_id)
    consents = store.consents(family_id=family_id)
    log = store.family_log(family_id)
    store.record("data_exported", family_entity(family_id),
                 {"consents": len(consents), "acting_as": acting_as}, institution=institution)
    return {
        "erstellt_am": utcnow().isoformat(),
        "familie": family.model_dump(mode="json"),
        "einwilligungen": [_with_signed_form(store, consent) for consent in consents],
        "protokoll": [
            {"nr": e.seq, "zeitpunkt": e.at.isoformat(), "vorgang": ACTION_LABELS.get(e.action, e.action),
             "institution": e.institution, "angaben": details}
            for e, details in log
        ],
    }


def _with_signed_form(store: ConsentStore, consent: ConsentRecord) -> dict:
    """The consent, plus the exact wording of the form it was given with (its hash is ``form_sha256``)."""
    wording = store.signed_wording(consent.id)
    return consent.model_dump(mode="json") | {"formular_wortlaut": wording.content() if wording else None}


def export_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def export_html(data: dict) -> str:
    return render("auskunft.html", data=data)


def erase_family(store: ConsentStore, family_id: int, institution: str, acting_as: str | None = None) -> dict:
    """Art. 17: only the audit entries remain; they hold ids, dates and the acting institutions, and
    what named people is encrypted under the family's secret, which is deleted with it."""
    return store.erase_family(family_id, institution, acting_as)


@dataclass(frozen=True)
class Reminder:
    consent_id: int
    family_id: int
    institution: str
    valid_until: dt.date
    days_left: int

    def message(self) -> str:
        return (f"Einwilligung {self.consent_id} (Familie {self.family_id}, {self.institution}) "
                f"endet am {self.valid_until:%d.%m.%Y}, in {self.days_left} Tagen: Familie rechtzeitig erneut fragen.")


def reminders(store: ConsentStore, within_days: int, today: dt.date, visible_to: str | None = None) -> list[Reminder]:
    return [
        Reminder(c.id, c.family_id, c.institution, c.valid_until, (c.valid_until - today).days)
        for c in sorted(store.expiring(within_days, today, visible_to), key=lambda c: c.valid_until)
    ]
