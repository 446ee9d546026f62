"""Anonymisation: detect, link mentions of one person, replace each span by the policy's operator.

``anonymize(text, policy="netzwerk")`` is the one entry point; ``anonymize_findings`` does the
same on findings you already have (tests, other front ends). ``deanonymize`` restores spans the
``encrypt`` operator replaced.
"""
from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from presidio_analyzer import PatternRecognizer

from anonymizer.config import Settings, get_settings
from anonymizer.crypto import KeyRing, load_key_ring
from anonymizer.detection import Detector, Finding, get_detector
from anonymizer.detection.findings import resolve_overlaps
from anonymizer.documents import splice
from anonymizer.linking import LinkedMention, complete_person_findings, is_child_mention, link_persons, name_variants
from anonymizer.names import fold
from anonymizer.operators import DocumentContext, Mention, Operator, build_operator
from anonymizer.operators.encrypt import decrypted_spans
from anonymizer.policies import Policy, load_policy
from anonymizer.report import Report, build_report
from anonymizer.roster import RosterEntry, roster_entries, roster_roles, roster_terms

PERSON = "PERSON"
FALLBACK_OPERATOR = "placeholder"


@dataclass(frozen=True, slots=True)
class Replacement:
    """``original`` at ``start:end`` of the input became ``replacement``."""

    start: int
    end: int
    label: str
    original: str
    replacement: str
    operator: str
    entity: str
    score: float
    recognizer: str


@dataclass(frozen=True)
class AnonymizedText:
    text: str
    findings: list[Finding]
    replacements: list[Replacement] = field(default_factory=list)
    report: Report | None = None


def resolve_policy(policy: str | Policy | None, settings: Settings) -> Policy:
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy or settings.policy, settings.policy_dir)


def anonymize(
    text: str,
    policy: str | Policy | None = None,
    operator: str | None = None,
    *,
    settings: Settings | None = None,
    detector: Detector | None = None,
    key: bytes | None = None,
    seed: int | None = None,
    institution: str | None = None,
) -> AnonymizedText:
    """Anonymise ``text`` under a policy (name or ``Policy``; default from settings).

    ``operator`` replaces the policy's operator for every entity type. ``key`` (32 bytes) is only
    needed by ``hash`` and ``encrypt``; without it the configured key file is read when needed.
    ``seed`` makes surrogates reproducible; by default every call draws fresh ones. ``institution``
    (the user's, in the web service) binds ``encrypt`` spans and ``hash`` pseudonyms to it: another
    institution can neither decrypt those spans nor compute the same pseudonyms.
    """
    settings = settings or get_settings()
    policy = resolve_policy(policy, settings)
    detector = detector or get_detector(settings)
    findings = detect(text, policy, detector, settings)
    return anonymize_findings(
        text,
        findings,
        policy,
        operator=operator,
        key_provider=(lambda: key) if key is not None else (lambda: load_key_ring(settings).active),
        seed=seed,
        institution=institution,
        skip=detector.allow_list | policy.allowed_terms(),
        known_roles=roster_roles(policy_roster(policy, settings)),
    )


def detect(text: str, policy: Policy, detector: Detector, settings: Settings) -> list[Finding]:
    """The detector's findings above the policy's thresholds, plus deny-list and roster names."""
    found = detector.analyze(
        text,
        entities=list(policy.entities),
        score_threshold=policy.min_threshold,
        allow_list=policy.allowed_terms(),
    )
    kept = [f for f in found if f.label not in policy.entities or f.score >= policy.entities[f.label].threshold]
    return resolve_overlaps(kept + deny_list_findings(text, denied_terms(policy, settings)), text)


def policy_roster(policy: Policy, settings: Settings) -> list[RosterEntry]:
    if policy.roster == "off":
        return []
    return roster_entries(policy.name, settings, required=policy.roster == "required")


def denied_terms(policy: Policy, settings: Settings) -> dict[str, list[str]]:
    terms = policy.denied_terms()
    names = roster_terms(policy_roster(policy, settings))
    if names:
        terms[PERSON] = sorted(set(terms.get(PERSON, [])) | names)
    return terms


def deny_list_findings(text: str, terms: dict[str, list[str]]) -> list[Finding]:
    """Every occurrence of a listed term, in each spelling variant, with Presidio's deny-list matcher.

    Case matters ("Rose" the name, not "rose"), whole words only."""
    findings = []
    for label, words in terms.items():
        variants = sorted({variant for word in words for variant in name_variants(word)}, key=len, reverse=True)
        if not variants:
            continue
        recognizer = PatternRecognizer(
            supported_entity=label,
            name="DenyList",
            supported_language="de",
            deny_list=variants,
            global_regex_flags=0,
        )
        for result in recognizer.analyze(text, [label]):
            findings.append(
                Finding(
                    start=result.start,
                    end=result.end,
                    label=label,
                    score=1.0,
                    recognizer="DenyList",
                    explanation="steht auf der Sperrliste oder Namensliste der Richtlinie",
                    text=text[result.start : result.end],
                )
            )
    return findings


def anonymize_findings(
    text: str,
    findings: Iterable[Finding],
    policy: Policy,
    *,
    operator: str | None = None,
    key_provider: Callable[[], bytes] | None = None,
    seed: int | None = None,
    skip: frozenset[str] = frozenset(),
    known_roles: dict[str, str] | None = None,
    institution: str | None = None,
) -> AnonymizedText:
    """Replace ``findings`` in ``text`` as ``policy`` says (or all with ``operator``).

    ``skip``: words never taken as further mentions of a name (allow lists); ``known_roles``:
    folded full name -> role ("Kind", "Mutter", ...) from the roster, for the ``role`` operator."""
    findings = complete_person_findings(text, list(findings), skip)
    mentions = _mentions(text, findings, policy.member_names())
    context = DocumentContext(
        text=text,
        labels=policy.german_labels,
        mentions=[m for m in mentions if m is not None],
        rng=random.Random(seed if seed is not None else secrets.randbits(64)),
        key_provider=key_provider or (lambda: load_key_ring(get_settings()).active),
        known_roles=known_roles or {},
        institution=institution,
    )
    operators = _Operators(policy, operator)
    replacements = []
    for mention, finding in zip(mentions, findings, strict=True):
        if mention is None:
            continue
        name = operators.name_for(mention.label)
        value = operators.get(mention.label).replace(mention, context)
        if value is None:
            name, value = FALLBACK_OPERATOR, context.placeholder(mention)
        replacements.append(
            Replacement(
                mention.start, mention.end, mention.label, mention.text, value, name,
                mention.entity, finding.score, finding.recognizer,
            )
        )
    output = splice(text, ((r.start, r.end, r.replacement) for r in replacements))
    kept_findings = [f for f, m in zip(findings, mentions, strict=True) if m is not None]
    return AnonymizedText(
        text=output,
        findings=kept_findings,
        replacements=replacements,
        report=build_report(text, output, replacements, policy.name),
    )


class _Operators:
    """The operator per entity type, built once per document from the policy."""

    def __init__(self, policy: Policy, override: str | None):
        self.policy, self.override = policy, override
        self._built: dict[str, Operator] = {}

    def name_for(self, label: str) -> str:
        rule = self.policy.entities.get(label)
        return self.override or (rule.operator if rule else FALLBACK_OPERATOR)

    def get(self, label: str) -> Operator:
        if label not in self._built:
            rule = self.policy.entities.get(label)
            name = self.name_for(label)
            options = rule.options if rule and rule.operator == name else {}
            self._built[label] = build_operator(name, options)
        return self._built[label]


def _mentions(text: str, findings: list[Finding], members: frozenset[str]) -> list[Mention | None]:
    """One mention per finding (``None`` for a network member's name that may stay)."""
    linked = {m.start: m for m in link_persons(text, [f for f in findings if f.label == PERSON])}
    canonical = _canonical_names(linked.values())
    member_entities = _members(text, linked.values(), canonical, members)
    mentions: list[Mention | None] = []
    for finding in findings:
        if finding.label == PERSON:
            link = linked[finding.start]
            if link.entity in member_entities:
                mentions.append(None)
                continue
            entity, name, value = link.entity, link.name, canonical[link.entity]
        else:
            value = fold(finding.text) or finding.text
            entity, name = f"{finding.label}:{value}", None
        mentions.append(Mention(finding.start, finding.end, finding.label, finding.text, entity, value, name))
    return mentions


def _canonical_names(linked: Iterable[LinkedMention]) -> dict[str, str]:
    """The fullest folded name of each person ("ayse yilmaz" for "Frau Yılmaz" too)."""
    best: dict[str, str] = {}
    for link in linked:
        name = fold(" ".join([*link.name.given, link.name.surname]))
        if len(name) >= len(best.get(link.entity, "")):
            best[link.entity] = name
    return best


def _members(text: str, linked: Iterable[LinkedMention], canonical: dict[str, str], members: frozenset[str]) -> set[str]:
    """Persons whose linked name is a listed network member ("Frau Schneider" for "Petra Schneider").

    Family data never stays: a person known only by a given name ("Jonas") or mentioned as a
    child ("Jonas (4)") is replaced even if a member has that name."""
    if not members:
        return set()
    full = {fold(member) for member in members}
    surnames = Counter(name.split()[-1] for name in full)
    titled_surnames = {link.entity for link in linked if link.name.title and link.name.surname and not link.name.given}
    children = {link.entity for link in linked if is_child_mention(text, link.end)}
    return {
        entity
        for entity, name in canonical.items()
        if entity not in children
        and (name in full or (entity in titled_surnames and " " not in name and surnames[name] == 1))
    }


def deanonymize(
    text: str, key: bytes | KeyRing | None = None, settings: Settings | None = None, institution: str | None = None
) -> str:
    """Restore every ``[[enc:…]]`` span; raises ``DecryptionError`` on a wrong key, tampering, or a
    span encrypted for another institution than ``institution``."""
    ring = key if key is not None else load_key_ring(settings or get_settings())
    return splice(text, decrypted_spans(text, ring, institution))
