"""Writes consents in a loop, printing each id after its commit: the crash test kills it mid-write.

Usage: python crash_writer.py DATABASE_URL BASE64_KEY FAMILY_ID
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for consent.register_data

from anonymizer.consent.store import ConsentStore  # noqa: E402
from anonymizer.crypto import parse_key  # noqa: E402
from anonymizer.db import get_engine  # noqa: E402
from consent.register_data import consent_input  # noqa: E402


def main(url: str, key: str, family_id: int) -> None:
    store = ConsentStore(get_engine(url), parse_key(key))
    while True:
        consent = store.add_consent(consent_input(family_id))
        print(consent.id, flush=True)  # only after the commit returned


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
