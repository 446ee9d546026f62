"""The synthetic Kita corpus: hand-written templates (``data/templates.yaml``) filled with names of many origins.

Whole templates are held out for evaluation, and so is a share of every origin's names, so the evaluation
measures texts and names the model has never seen. Everything is seeded and reproducible.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from anonymizer.training.corpora import TextRecord, lowercased
from anonymizer.detection.gazetteers import Names
from anonymizer.training.names import names_by_origin

DATA = Path(__file__).parent / "data"
SEED = 1989
HELDOUT_TEMPLATE_FRACTION = 0.2
DEV_TEMPLATE_FRACTION = 0.1
HELDOUT_NAME_FRACTION = 0.15
Split = Literal["train", "dev", "eval"]
NameSplit = Literal["train", "eval", "all"]

# How often each origin is drawn, roughly after the families in German Kitas; others weigh 0.3 each.
ORIGIN_WEIGHTS = {
    "de_DE": 5.0, "de_AT": 1.0, "de_CH": 1.0, "de": 1.0, "german_word": 2.0, "particle": 0.8,
    "tr_TR": 1.5, "tr": 1.5, "ar": 3.0, "fa": 1.0, "ps_AF": 1.0, "ku": 1.0, "sq": 1.0, "bs": 0.6,
    "ti_ER": 0.8, "am_ET": 0.4, "so": 0.8, "ff": 0.8, "yo_NG": 0.4, "ig_NG": 0.4, "tw_GH": 0.4,
    "vi": 0.8, "vi_VN": 0.4, "ru_RU": 1.0, "ru": 0.5, "uk_UA": 1.0, "pl": 1.0, "pl_PL": 0.5,
    "ro_RO": 0.6, "ro": 0.6, "bg_BG": 0.5, "el_GR": 0.6, "it_IT": 0.8, "hr_HR": 0.5, "ce": 0.4,
}
OTHER_ORIGIN_WEIGHT = 0.3
P_TYPO = 0.04
P_DOUBLE_FIRST_NAME = 0.05
P_DOUBLE_SURNAME = 0.06
P_LOWER_NAME_IN_LOWER_NOTE = 0.8
P_LOWERCASED_COPY = 0.25

SLOT = re.compile(r"\{(?P<kind>[a-z]+(?:_voll)?)(?P<index>\d*)(?P<gen>_gen)?\}")
PERSON_SLOTS = {"kind", "kind_voll", "vorname", "nachname", "name"}
ENTITY_SLOTS = {"stadt": "LOC", "strasse": "STREET", "kita": "ORG", "schule": "ORG"}


@dataclass(frozen=True)
class Template:
    id: str
    category: str
    text: str
    lower: bool = False


@lru_cache(maxsize=1)
def load_templates() -> tuple[Template, ...]:
    raw = yaml.safe_load((DATA / "templates.yaml").read_text(encoding="utf-8"))
    templates = []
    for category, entries in raw.items():
        for i, entry in enumerate(entries):
            entry = entry if isinstance(entry, dict) else {"text": entry}
            templates.append(Template(f"{category}-{i:02d}", category, entry["text"].strip(), entry.get("lower", False)))
    return tuple(templates)


def _sample_per_category(ids_of: dict[str, list[str]], fraction: float, rng: random.Random) -> set[str]:
    """A seeded share of every category's templates, at least one each."""
    picked: set[str] = set()
    for category in sorted(ids_of):
        ids = sorted(ids_of[category])
        picked.update(rng.sample(ids, max(1, round(len(ids) * fraction))))
    return picked


def _categories(exclude: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    ids_of: dict[str, list[str]] = {}
    for template in load_templates():
        if template.id not in exclude:
            ids_of.setdefault(template.category, []).append(template.id)
    return ids_of


@lru_cache(maxsize=4)
def heldout_template_ids(seed: int = SEED) -> frozenset[str]:
    """A seeded fifth of every category (at least one template each) is only ever used for evaluation."""
    return frozenset(_sample_per_category(_categories(), HELDOUT_TEMPLATE_FRACTION, random.Random(seed)))


@lru_cache(maxsize=4)
def dev_template_ids(seed: int = SEED) -> frozenset[str]:
    """A tenth of the remaining templates of every category picks the best training checkpoint: templates
    the model never trains on, so the pick rewards generalising to new wordings, not memorising."""
    remaining = _categories(exclude=heldout_template_ids(seed))
    return frozenset(_sample_per_category(remaining, DEV_TEMPLATE_FRACTION, random.Random(seed + 7)))


def template_split(template_id: str) -> Split:
    if template_id in heldout_template_ids():
        return "eval"
    return "dev" if template_id in dev_template_ids() else "train"


def _split_names(names: tuple[str, ...], split: Split, rng: random.Random) -> tuple[str, ...]:
    shuffled = list(names)
    rng.shuffle(shuffled)
    cut = round(len(shuffled) * HELDOUT_NAME_FRACTION) if len(shuffled) > 3 else 0
    return tuple(sorted(shuffled[:cut] if split == "eval" and cut else shuffled[cut:]))


@lru_cache(maxsize=3)
def name_pools(split: NameSplit, seed: int = SEED) -> dict[str, Names]:
    """Every origin's names minus (train) or only (eval) its held-out share, or all of them."""
    if split == "all":
        return names_by_origin()
    rng = random.Random(seed)
    return {
        origin: Names(_split_names(pool.first, split, rng), _split_names(pool.last, split, rng))
        for origin, pool in names_by_origin().items()
    }


@lru_cache(maxsize=1)
def slot_values() -> dict[str, list[str]]:
    return yaml.safe_load((DATA / "slots.yaml").read_text(encoding="utf-8"))


def genitive(name: str) -> str:
    """German genitive of a name: "Leons", but "Max'" after s, ß, x, z."""
    return name + "'" if name[-1:].lower() in "sßxz" else name + "s"


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: a doubled, dropped or swapped letter."""
    # Only between two lower-case letters, so a slip never joins or splits words.
    positions = [i for i in range(1, len(word) - 1) if word[i].islower() and word[i + 1].islower()]
    if not positions:
        return word
    i = rng.choice(positions)
    kind = rng.choice(("double", "drop", "swap"))
    if kind == "double":
        return word[: i + 1] + word[i:]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


@dataclass
class Person:
    first: str
    last: str


class Filler:
    """Fills templates for one split; the same slot (e.g. ``{kind2}``) means the same person in a text."""

    def __init__(self, names: NameSplit, seed: int):
        self.rng = random.Random(seed)
        self.pools = name_pools(names)
        origins = sorted(self.pools)
        self.origins = origins
        self.weights = [ORIGIN_WEIGHTS.get(o, OTHER_ORIGIN_WEIGHT) for o in origins]

    def _pick(self, attribute: str) -> str:
        while True:
            origin = self.rng.choices(self.origins, self.weights)[0]
            names = getattr(self.pools[origin], attribute)
            if names:
                return self.rng.choice(names)

    def person(self) -> Person:
        first = self._pick("first")
        if self.rng.random() < P_DOUBLE_FIRST_NAME:
            first = f"{first}-{self._pick('first')}"
        last = self._pick("last")
        if self.rng.random() < P_DOUBLE_SURNAME:
            last = f"{last}-{self._pick('last')}"
        return Person(first, last)

    def _person_text(self, kind: str, person: Person) -> str:
        if kind in ("kind", "vorname"):
            return person.first
        if kind == "nachname":
            return person.last
        return f"{person.first} {person.last}"

    def _other_text(self, kind: str) -> tuple[str, str | None]:
        """A non-person slot's text and its entity label (None: context only)."""
        values = slot_values()
        rng = self.rng
        makers: dict[str, Callable[[], str]] = {
            "stadt": lambda: rng.choice(values["stadt"]),
            "strasse": lambda: f"{rng.choice(values['strasse_base'])}{rng.choice(values['strasse_suffix'])} "
            f"{rng.randint(1, 120)}{rng.choice(['', '', '', 'a', 'b'])}",
            "kita": lambda: rng.choice(values["kita"]),
            "schule": lambda: rng.choice(values["schule"]),
            "amt": lambda: rng.choice(values["amt"]),
            "gruppe": lambda: rng.choice(values["gruppe"]),
            "datum": lambda: rng.choice(
                [f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.", f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.20{rng.randint(18, 26)}"]
            ),
            "uhrzeit": lambda: f"{rng.randint(7, 18)}:{rng.choice(['00', '15', '30', '45'])}",
            "tel": lambda: f"0{rng.randint(30, 9999)} {rng.randint(100000, 9999999)}",
            "email": lambda: f"info@kita-{rng.randint(1, 99)}.de",
            "alter": lambda: str(rng.randint(1, 6)),
        }
        return makers[kind](), ENTITY_SLOTS.get(kind)

    def fill(self, template: Template) -> TextRecord:
        people: dict[tuple[str, str], Person] = {}
        cache: dict[str, tuple[str, str | None]] = {}
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        position = 0
        cursor = 0
        for match in SLOT.finditer(template.text):
            literal = template.text[cursor : match.start()]
            parts.append(literal)
            position += len(literal)
            cursor = match.end()
            kind, index, gen = match["kind"], match["index"], match["gen"]
            if kind in PERSON_SLOTS:
                family = "child" if kind.startswith("kind") else "adult"
                person = people.setdefault((family, index), self.person())
                text, label = self._person_text(kind, person), "PER"
                if self.rng.random() < P_TYPO:
                    text = typo(text, self.rng)
                if template.lower and self.rng.random() < P_LOWER_NAME_IN_LOWER_NOTE:
                    text = text.lower()
                if gen:
                    text = genitive(text)
            else:
                text, label = cache.setdefault(kind + index, self._other_text(kind))
            if label:
                spans.append((position, position + len(text), label))
            parts.append(text)
            position += len(text)
        parts.append(template.text[cursor:])
        text = "".join(parts)
        return TextRecord(text, merged_names(text, spans), template.id)


def merged_names(text: str, spans: list[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    """One person span for slots written side by side: "{vorname} {nachname}" or "{nachname}-{nachname2}"."""
    merged: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if merged and label == "PER" == merged[-1][2] and text[merged[-1][1] : start] in (" ", "-"):
            merged[-1] = (merged[-1][0], end, label)
        else:
            merged.append((start, end, label))
    return tuple(merged)


def generate(
    split: Split, fills_per_template: int, seed: int = SEED, names: NameSplit | None = None
) -> list[TextRecord]:
    """Filled templates of one split ("train", "dev" for checkpoint selection, "eval" held out).
    Names come from the split (dev uses training names) unless ``names`` says otherwise ("all": seen
    and unseen names)."""
    templates = [t for t in load_templates() if template_split(t.id) == split]
    filler = Filler(names or ("eval" if split == "eval" else "train"), seed)
    records: list[TextRecord] = []
    for template in templates:
        for _ in range(fills_per_template):
            record = filler.fill(template)
            records.append(record)
            if split == "train" and filler.rng.random() < P_LOWERCASED_COPY:
                copy = lowercased(record)
                if copy is not None:
                    records.append(copy)
    return records
