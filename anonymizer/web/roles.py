"""The roles of the service's users, in a module of their own so the CLI can offer them cheaply."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FACHKRAFT = "fachkraft"
    KOORDINATION = "koordination"  # coordinates one institution: its own families and consents
    NETZWERKKOORDINATION = "netzwerkkoordination"  # the network's coordination: also Art. 15/17 for any family
