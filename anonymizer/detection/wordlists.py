"""Word lists that are data, not code: the allow list under ``policies/``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def read_word_list(path: Path) -> frozenset[str]:
    """One entry per line; ``#`` starts a comment; compared case-insensitively."""
    entries = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.add(entry.casefold())
    return frozenset(entries)


@lru_cache(maxsize=8)
def allow_list(policy_dir: Path) -> frozenset[str]:
    """Public institutions, programmes and other capitalised words that never identify a person."""
    path = policy_dir / "allow_list.txt"
    return read_word_list(path) if path.exists() else frozenset()
