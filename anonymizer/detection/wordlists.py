"""Word lists that are data, not code: the allow list under ``policies/``."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path


def word_entries(text: str) -> Iterator[str]:
    """One entry per line; ``#`` starts a comment; blank lines are skipped."""
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            yield entry


def read_word_list(path: Path) -> frozenset[str]:
    """The entries of a word list file, compared case-insensitively."""
    return frozenset(entry.casefold() for entry in word_entries(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def allow_list(policy_dir: Path) -> frozenset[str]:
    """Public institutions, programmes and other capitalised words that never identify a person."""
    path = policy_dir / "allow_list.txt"
    return read_word_list(path) if path.exists() else frozenset()
