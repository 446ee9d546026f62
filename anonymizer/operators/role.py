"""Role-preserving pseudonyms: "Kind A", "Mutter von Kind A", "Fachkraft B".

The role comes from the words around a person's mentions ("Frau Yılmaz (KM)", "Leons Vater,
Herr …", "Die Erzieherin Frau …", "Leon (4)"). The role with most cues wins. A parent is linked
to the child named with it ("Mutter von Leon", "Leons Mutter"), else to the child with the same
surname, else to the only child. People without a clear role keep the placeholder.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from string import ascii_uppercase

from anonymizer.linking import is_child_mention
from anonymizer.names import fold
from anonymizer.operators.base import DocumentContext, Mention, Operator, with_genitive
from anonymizer.operators.registry import register_operator

CHILD, MOTHER, FATHER, PROFESSIONAL = "Kind", "Mutter", "Vater", "Fachkraft"
PROFESSIONS = (
    r"Erzieher(?:in)?|Fachkraft|Kolleg(?:e|in)|Sozialarbeiter(?:in)?|Sozialpädagog(?:e|in)|"
    r"Heilpädagog(?:e|in)|Lehrer(?:in)?|Leiter(?:in)?|Kita-?[Ll]eitung|Logopäd(?:e|in)|"
    r"Ergotherapeut(?:in)?|Familienhelfer(?:in)?|Sachbearbeiter(?:in)?|Kinderärztin|Kinderarzt|"
    r"Ärztin|Arzt|Therapeut(?:in)?|Psycholog(?:e|in)|Hebamme|Fachberater(?:in)?|Bezugserzieher(?:in)?"
)
# Cues right before a mention ("Die Erzieherin Frau …", "Mutter von Leon, Frau …") ...
BEFORE = {
    CHILD: re.compile(r"\b(?:Sohn|Tochter|Kind|Pflegekind|Enkel(?:in)?)\s*,?\s*$"),
    MOTHER: re.compile(r"(?:\b(?:Kindes)?[Mm]utter|\bKM|\bMama|\bPflegemutter)(?:\s+von\s+\S+)?\s*[,:(]?\s*$"),
    FATHER: re.compile(r"(?:\b(?:Kindes)?[Vv]ater|\bKV|\bPapa|\bPflegevater)(?:\s+von\s+\S+)?\s*[,:(]?\s*$"),
    PROFESSIONAL: re.compile(rf"\b(?:{PROFESSIONS})\s*[,:]?\s*$"),
}
# ... and right after it ("Frau Yılmaz (KM)", "Herr Becker, der Erzieher, …", "… vom Jugendamt").
AFTER = {
    MOTHER: re.compile(r"^\s*(?:\(\s*(?:KM|Kindesmutter|Mutter)\b|,\s*(?:die\s+)?(?:Kindes)?[Mm]utter\b)"),
    FATHER: re.compile(r"^\s*(?:\(\s*(?:KV|Kindesvater|Vater)\b|,\s*(?:der\s+)?(?:Kindes)?[Vv]ater\b)"),
    PROFESSIONAL: re.compile(
        rf"^\s*(?:\(\s*(?:ASD|Kita|Jugendamt|{PROFESSIONS})\b|,\s*(?:die\s+|der\s+|unsere\s+|unser\s+)?(?:{PROFESSIONS})\b"
        r"|vo(?:m|n\s+der)\s+(?:Jugendamt|Amt|ASD|Allgemeinen|Kita|Beratungsstelle|Frühförderung|Schule|Familienzentrum))"
    ),
}
# "Leons Mutter", "Leons Gruppe": whose parents or group are meant is a child.
CHILD_OWNER = re.compile(r"^\s+(?:Mutter|Vater|Eltern|Mama|Papa|Erzieher(?:in)?|Gruppe|Kita|Kindergarten)\b")
# "Leons Mutter" / "Mutter von Leon": the child a parent cue points at.
PARENT_WORD = re.compile(r"\b(?:Mutter|Vater|KM|KV|Mama|Papa)\b")
PARENT_OF = re.compile(r"\b(?:Mutter|Vater|KM|KV|Mama|Papa)\s+von\s+$")
WINDOW = 45
# Roles a roster may give (column "rolle"), and how much they outweigh cues in the text.
ROSTER_ROLES = {"kind": CHILD, "mutter": MOTHER, "vater": FATHER, "fachkraft": PROFESSIONAL, "erzieherin": PROFESSIONAL, "erzieher": PROFESSIONAL}
ROSTER_WEIGHT = 10


@dataclass(frozen=True)
class Roles:
    role: dict[str, str]       # entity -> role
    letter: dict[str, str]     # entity -> "A", "B" within its role (children, professionals)
    child_of: dict[str, str]   # parent entity -> child entity


def _cues(mention: Mention, text: str) -> list[str]:
    before = text[max(0, mention.start - WINDOW) : mention.start]
    after = text[mention.end : mention.end + WINDOW]
    found = [role for role, pattern in BEFORE.items() if pattern.search(before)]
    found += [role for role, pattern in AFTER.items() if pattern.search(after)]
    if is_child_mention(text, mention.end) or (mention.genitive and CHILD_OWNER.match(after)):
        found.append(CHILD)
    return found


def _pointed_child(parent: Mention, persons: list[Mention], text: str) -> str | None:
    """The person named with the parent cue: "Leons Mutter, Frau Y" or "Mutter von Leon, Frau Y"."""
    nearby = [m for m in persons if m.end <= parent.start and parent.start - m.end <= WINDOW]
    for other in reversed(nearby):
        owner = other.genitive and PARENT_WORD.search(text, other.end, parent.start)
        if owner or PARENT_OF.search(text, max(0, other.start - 20), other.start):
            return other.entity
    return None


def infer_roles(context: DocumentContext) -> Roles:
    persons = [m for m in context.mentions if m.label == "PERSON" and not m.entity.startswith("familie:")]
    votes: dict[str, Counter[str]] = {}
    pointed: dict[str, str] = {}
    for mention in persons:
        cues = _cues(mention, context.text)
        votes.setdefault(mention.entity, Counter()).update(cues)
        if {MOTHER, FATHER} & set(cues):
            child = _pointed_child(mention, persons, context.text)
            if child and child != mention.entity:
                pointed.setdefault(mention.entity, child)
    for mention in persons:
        listed = ROSTER_ROLES.get(context.known_roles.get(mention.canonical, "").casefold())
        if listed:
            votes[mention.entity][listed] += ROSTER_WEIGHT
    role = {entity: counter.most_common(1)[0][0] for entity, counter in votes.items() if counter}
    for child in pointed.values():
        role.setdefault(child, CHILD)
    letters: dict[str, str] = {}
    for kind in (CHILD, PROFESSIONAL):
        ordered = list(dict.fromkeys(m.entity for m in persons if role.get(m.entity) == kind))
        letters.update({entity: ascii_uppercase[i % 26] * (1 + i // 26) for i, entity in enumerate(ordered)})
    children = [e for e in letters if role.get(e) == CHILD]
    surnames = _surnames(persons)
    child_of = {}
    for entity, kind in role.items():
        if kind not in (MOTHER, FATHER):
            continue
        same_surname = [c for c in children if surnames.get(c) and surnames.get(c) == surnames.get(entity)]
        candidates = [pointed.get(entity)] if pointed.get(entity) in children else same_surname or children
        if len(candidates) == 1:
            child_of[entity] = candidates[0]
    return Roles(role, letters, child_of)


def _surnames(persons: list[Mention]) -> dict[str, str]:
    return {m.entity: fold(m.name.surname) for m in persons if m.name is not None and m.name.surname}


@register_operator
class Role(Operator):
    name = "role"

    def replace(self, mention: Mention, context: DocumentContext) -> str | None:
        if mention.label != "PERSON":
            return None
        roles = context.cache("role").get("roles")
        if roles is None:
            roles = context.cache("role").setdefault("roles", infer_roles(context))
        pseudonym = self._pseudonym(mention.entity, roles)
        if pseudonym is None:
            return None
        # "Kind Emilia" -> "Kind A", not "Kind Kind A"; "Mutter Frau X" -> "Mutter von Kind A".
        first, _, rest = pseudonym.partition(" ")
        if re.search(rf"\b{first}\s+$", context.text[max(0, mention.start - len(first) - 3) : mention.start]):
            pseudonym = rest
        return with_genitive(pseudonym, mention)

    @staticmethod
    def _pseudonym(entity: str, roles: Roles) -> str | None:
        role = roles.role.get(entity)
        if role in (CHILD, PROFESSIONAL):
            return f"{role} {roles.letter[entity]}"
        if role in (MOTHER, FATHER) and entity in roles.child_of:
            return f"{role} von Kind {roles.letter[roles.child_of[entity]]}"
        return None
