"""The register the minutes tests check against: two families of one Kita, one consent (a module,
so that test files can import it)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from anonymizer.consent.schemas import ConsentInput
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import generate_key, parse_key
from anonymizer.db import get_engine, upgrade_database


def sample_register(folder: Path) -> ConsentStore:
    """Yılmaz (consent for Kita Sonnenschein and Familienhilfe Lotse, 2026) and Müller (no consent)."""
    url = f"sqlite:///{folder / 'register.sqlite3'}"
    upgrade_database(url)
    store = ConsentStore(get_engine(url), parse_key(generate_key()))
    yilmaz = store.add_family([{"name": "Ayşe Yılmaz", "role": "Mutter"}, {"name": "Leon Yılmaz", "role": "Kind"}],
                              "Kita Sonnenschein")
    store.add_family([{"name": "Jörg Müller", "role": "Vater"}, {"name": "Finn Müller", "role": "Kind"}],
                     "Kita Sonnenschein")
    store.add_consent(ConsentInput(
        family_id=yilmaz.id, institution="Kita Sonnenschein", given_by="Ayşe Yılmaz", given_by_role="Elternteil",
        participants=[{"institution": "Kita Sonnenschein"}, {"institution": "Familienhilfe Lotse"}],
        category="Fallberatung mit Familie", purpose="Sprachförderung", valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31), form="schriftlich", form_location="Ordner E",
    ))
    return store
