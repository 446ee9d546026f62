"""The consent form for the family to sign, printable HTML, in plain German or in simple language."""
from __future__ import annotations

from anonymizer.consent.store import ConsentStore
from anonymizer.consent.templates import render

TEMPLATES = {"standard": "einwilligung.html", "einfach": "einwilligung_einfach.html"}


def consent_form(store: ConsentStore, consent_id: int, language: str = "standard") -> str:
    consent = store.consent(consent_id)
    family = store.family(consent.family_id)
    return render(TEMPLATES[language], consent=consent, family=family)
