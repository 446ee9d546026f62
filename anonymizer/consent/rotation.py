"""Key rotation: a new key for the register, its audit chain and the rosters, at no moment losing a
key that some data still needs.

1. The key ring file gets the new key as its active key; the old ones stay in it, retired (fsynced).
2. The register is re-encrypted and its chain re-sealed under the new key (one transaction).
3. Every roster file is re-encrypted (each replaced atomically).
4. The ring is written again with the new key alone.

Every token names its key, so a crash after any step leaves a ring that still decrypts everything;
running the rotation again finishes it instead of starting another. It is refused while the web
service runs, which would go on with the key it read at start (``anonymizer.service_lock``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anonymizer.config import Settings
from anonymizer.consent.store import ConsentStore
from anonymizer.crypto import (
    KeyRing,
    generate_key,
    key_id,
    load_key_ring,
    parse_key,
    read_key_ring,
    write_key_ring,
)
from anonymizer.errors import InputError
from anonymizer.roster import reencrypt_rosters
from anonymizer.service_lock import no_service_running


@dataclass(frozen=True)
class Rotation:
    records: int  # families and consents re-encrypted
    rosters: int
    key_file: Path  # where the ring with the new key is
    key_id: str
    resumed: bool  # an interrupted rotation was finished


def rotate_key(settings: Settings, new_key_file: Path | None = None) -> Rotation:
    """Rotate to the key in ``new_key_file`` (which then holds the ring), or to a fresh key written
    into the configured key file."""
    target = new_key_file or settings.key_file
    if target is None:
        raise InputError("Ohne KITA_ANON_KEY_FILE bitte --neuer-schluessel DATEI angeben.")
    with no_service_running(settings):
        ring, resumed = _ring_to_rotate_to(settings, new_key_file)
        write_key_ring(target, ring)
        records = ConsentStore.open(settings, ring).reencrypt()
        rosters = reencrypt_rosters(settings, ring)
        write_key_ring(target, ring.finished())
    return Rotation(records, rosters, target, key_id(ring.active), resumed)


def _ring_to_rotate_to(settings: Settings, new_key_file: Path | None) -> tuple[KeyRing, bool]:
    """The new key as active, every current key retired; or, if the configured ring still holds retired
    keys (a rotation that did not get to its last step), that ring as it is."""
    current = load_key_ring(settings)
    if new_key_file is not None:
        return current.rotated(read_key_ring(new_key_file).active), False
    if current.retired:
        return current, True
    return current.rotated(parse_key(generate_key())), False
