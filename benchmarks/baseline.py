"""The two systems both benchmarks compare: kita-anon and a plain Presidio set-up for German.

kita-anon is its full pipeline, ``anonymize()`` under the configured policy (default ``netzwerk``,
which covers every entity type): detection, policy thresholds, linking of name mentions and the
operators. A hit is a span it replaced. Its batch path is ``Detector.analyze_batch``, which
``kita-anon analyze --jsonl`` uses.

"Plain Presidio" is what a team gets from Presidio alone: an ``AnalyzerEngine`` with Presidio's
predefined recognizers that exist for German (the ``De*`` ones) plus its generic pattern recognizers
instantiated for ``de``, and ``SpacyRecognizer`` on the very same spaCy pipeline as ours
(``settings.model``), loaded offline by our engine. Nothing else: no German context words, no
normalisation, no allow list, no overlap resolution. Each text is analysed, with the policies'
default threshold 0.35, and then replaced by Presidio's ``AnonymizerEngine``, so both sides do a
full round. Presidio's e-mail recognizer validates with ``tldextract``, which would fetch the
public suffix list; here it reads the bundled snapshot.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer import predefined_recognizers as presidio
from presidio_anonymizer import AnonymizerEngine

from anonymizer import anonymize
from anonymizer.config import Settings
from anonymizer.detection import get_detector
from anonymizer.detection.engine import LANGUAGE, LocalSpacyNlpEngine, load_pipeline
from anonymizer.detection.recognizers.contact import offline_tldextract
from anonymizer.policies import load_policy

Hit = tuple[int, int, str]  # start, end, label
PRESIDIO_THRESHOLD = 0.35  # the default threshold of kita-anon's policies


@dataclass(frozen=True)
class System:
    """Something that removes personal data: ``analyze`` runs the whole round for one text and returns
    the spans it replaced; ``analyze_batch`` detects in many texts at once."""

    name: str
    analyze: Callable[[str], list[Hit]]
    analyze_batch: Callable[[Sequence[str]], list[list[Hit]]]


def kita_anon(settings: Settings) -> System:
    detector = get_detector(settings)
    policy = load_policy(settings.policy, settings.policy_dir)

    def analyze(text: str) -> list[Hit]:
        result = anonymize(text, policy=policy, settings=settings, detector=detector, seed=0)
        return [(r.start, r.end, r.label) for r in result.replacements]

    def analyze_batch(texts: Sequence[str]) -> list[list[Hit]]:
        batches = detector.analyze_batch(texts, score_threshold=policy.min_threshold)
        return [[(f.start, f.end, f.label) for f in findings] for findings in batches]

    return System("kita-anon", analyze, analyze_batch)


class OfflineEmailRecognizer(presidio.EmailRecognizer):
    """Presidio's e-mail recognizer, validating against the bundled public suffix list only."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tldextract()(pattern_text).fqdn != ""


GENERIC_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    OfflineEmailRecognizer,
    presidio.PhoneRecognizer,
    presidio.IbanRecognizer,
    presidio.CreditCardRecognizer,
    presidio.UrlRecognizer,
    presidio.IpRecognizer,
    presidio.DateRecognizer,
    presidio.CryptoRecognizer,
    presidio.SpacyRecognizer,
)
GERMAN_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    presidio.DeTaxIdRecognizer,
    presidio.DeTaxNumberRecognizer,
    presidio.DeHealthInsuranceRecognizer,
    presidio.DeSocialSecurityRecognizer,
    presidio.DeIdCardRecognizer,
    presidio.DePassportRecognizer,
    presidio.DeFuehrerscheinRecognizer,
    presidio.DeKfzRecognizer,
    presidio.DePlzRecognizer,
    presidio.DeHandelsregisterRecognizer,
    presidio.DeVatIdRecognizer,
    presidio.DeLanrRecognizer,
    presidio.DeBsnrRecognizer,
)
# Presidio's German entity names, renamed to ours so that the per-type rows line up.
PRESIDIO_LABELS = {
    "DE_HEALTH_INSURANCE": "DE_HEALTH_INSURANCE_NUMBER",
    "DE_ID_CARD": "DE_ID_DOCUMENT",
    "DE_PASSPORT": "DE_ID_DOCUMENT",
    "DE_KFZ": "DE_LICENSE_PLATE",
}


def presidio_analyzer(model: str) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer_class in GENERIC_RECOGNIZERS:
        registry.add_recognizer(recognizer_class(supported_language=LANGUAGE))
    for recognizer_class in GERMAN_RECOGNIZERS:
        registry.add_recognizer(recognizer_class())
    nlp_engine = LocalSpacyNlpEngine(load_pipeline(model))
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE])


def plain_presidio(settings: Settings) -> System:
    analyzer = presidio_analyzer(settings.model)
    batch_analyzer = BatchAnalyzerEngine(analyzer)
    anonymizer = AnonymizerEngine()

    def hits(results) -> list[Hit]:
        return [(r.start, r.end, PRESIDIO_LABELS.get(r.entity_type, r.entity_type)) for r in results]

    def analyze(text: str) -> list[Hit]:
        results = analyzer.analyze(text, language=LANGUAGE, score_threshold=PRESIDIO_THRESHOLD)
        anonymizer.anonymize(text, results)
        return hits(results)

    def analyze_batch(texts: Sequence[str]) -> list[list[Hit]]:
        results = batch_analyzer.analyze_iterator(
            list(texts), language=LANGUAGE, batch_size=settings.batch_size, score_threshold=PRESIDIO_THRESHOLD
        )
        return [hits(found) for found in results]

    return System("Presidio (plain)", analyze, analyze_batch)


SYSTEMS: dict[str, Callable[[Settings], System]] = {
    "kita-anon": kita_anon,
    "presidio": plain_presidio,
}
