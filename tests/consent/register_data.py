"""Sample data for the register tests (a module, so that test files can import it)."""
from __future__ import annotations

import datetime as dt

from anonymizer.consent.schemas import ConsentInput

TODAY = dt.date(2026, 6, 15)
MOTHER, CHILD, HELPER = "Ayşe Yılmaz", "Leon Yılmaz", "Jana Bergmann"

TABLES = ("families", "consents", "consent_participants", "revocations", "audit_log", "audit_signed_head", "family_secrets")
WITNESS, REASON = "Petra Lindqvist", "Umzug nach Rostock"
SECRETS = (MOTHER, CHILD, HELPER, WITNESS, REASON, "Yılmaz", "Bergmann", "Lindqvist", "Sprachförderung", "Ordner Einwilligungen")


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


def raw_sql(database_url: str, *statements: str) -> None:
    """Change the database behind the app's back, as someone with direct database access could."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def disable_append_only(database_url: str) -> None:
    """What an attacker with owner rights would do first: switch off the audit log's triggers."""
    if database_url.startswith("sqlite"):
        raw_sql(database_url, "DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")
    else:
        raw_sql(database_url, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def stored_values(database_url: str) -> list[bytes]:
    """Every value of every register table, as the database hands it out."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)
    values = []
    with engine.connect() as connection:
        for table in TABLES:
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                values += [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in row]
    engine.dispose()
    return values


def ciphertexts(values: list[bytes]) -> list[bytes]:
    """The values that are AES-GCM tokens (``anonymizer.crypto``: version, key id, nonce, tag)."""
    from anonymizer.crypto import KEY_ID_BYTES, NONCE_BYTES, TAG_BYTES, TOKEN_VERSION

    return [v for v in values if v[:1] == TOKEN_VERSION and len(v) > 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES]


def database_files(database_url: str) -> list[Path]:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    path = Path(make_url(database_url).database)
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]
