"""Sample data for the register tests (a module, so that test files can import it)."""
from __future__ import annotations

import datetime as dt

from anonymizer.consent.schemas import ConsentInput

TODAY = dt.date(2026, 6, 15)
MOTHER, CHILD, HELPER = "Ayşe Yılmaz", "Leon Yılmaz", "Jana Bergmann"


def consent_input(family_id: int, **changes) -> ConsentInput:
    data = {
        "family_id": family_id,
        "institution": "Kita Sonnenschein",
        "given_by": MOTHER,
        "given_by_role": "Elternteil",
        "participants": [{"institution": "Kita Sonnenschein"}, {"institution": "Familienhilfe Lotse", "staff": HELPER}],
        "category": "Fallberatung mit Familie",
        "purpose": "Sprachförderung von Leon gemeinsam planen",
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2026, 12, 31),
        "form": "schriftlich",
        "form_location": "Ordner Einwilligungen, Büro der Leitung",
    }
    return ConsentInput.model_validate(data | changes)
