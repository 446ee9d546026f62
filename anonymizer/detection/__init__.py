"""Detection: find personal data in German text. ``Detector`` is the one entry point."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.config import Settings, get_settings
from anonymizer.detection.engine import LANGUAGE, ModelNotFoundError, build_analyzer
from anonymizer.detection.findings import Finding, resolve_overlaps
from anonymizer.detection.memory import remembered_names
from anonymizer.detection.normalize import NormalizedText, normalize
from anonymizer.detection.wordlists import allow_list

__all__ = ["Detector", "Finding", "ModelNotFoundError", "get_detector"]

PERSON = "PERSON"
DOCUMENT_MEMORY = "DocumentMemory"


class Detector:
    """German PII detection on one loaded spaCy pipeline; safe to reuse for many texts."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self.analyzer = build_analyzer(self.settings.model)
        self.allow_list = allow_list(self.settings.policy_dir)

    @property
    def entities(self) -> list[str]:
        return sorted(self.analyzer.get_supported_entities(language=LANGUAGE))

    def analyze(
        self,
        text: str,
        entities: Iterable[str] | None = None,
        score_threshold: float = 0.0,
        allow_list: Iterable[str] = (),
    ) -> list[Finding]:
        normalized = normalize(text)
        artifacts = self.analyzer.nlp_engine.process_text(normalized.text, LANGUAGE)
        return self._findings(normalized, artifacts, entities, score_threshold, allow_list)

    def analyze_batch(
        self,
        texts: Iterable[str],
        entities: Iterable[str] | None = None,
        score_threshold: float = 0.0,
        allow_list: Iterable[str] = (),
    ) -> Iterator[list[Finding]]:
        """Like ``analyze`` for many texts, with spaCy's batched ``nlp.pipe``; results in order."""
        normalized_texts = [normalize(text) for text in texts]
        batches = self.analyzer.nlp_engine.process_batch(
            [n.text for n in normalized_texts], LANGUAGE, batch_size=self.settings.batch_size
        )
        for normalized, (_, artifacts) in zip(normalized_texts, batches, strict=True):
            yield self._findings(normalized, artifacts, entities, score_threshold, allow_list)

    def _findings(
        self,
        normalized: NormalizedText,
        artifacts: NlpArtifacts,
        entities: Iterable[str] | None,
        score_threshold: float,
        extra_allowed: Iterable[str],
    ) -> list[Finding]:
        if not normalized.text.strip():
            return []
        results = self.analyzer.analyze(
            normalized.text,
            language=LANGUAGE,
            entities=list(entities) if entities else None,
            nlp_artifacts=artifacts,
            score_threshold=score_threshold,
            return_decision_process=True,
        )
        allowed = self.allow_list | {word.casefold() for word in extra_allowed}
        kept = [result for result in results if normalized.text[result.start : result.end].casefold() not in allowed]
        findings = [self._to_finding(result, normalized) for result in kept]
        if entities is None or PERSON in entities:
            spans = [(result.start, result.end, result.entity_type) for result in kept]
            for start, end, score, reason in remembered_names(normalized.text, spans, frozenset(allowed)):
                if score >= score_threshold:
                    findings.append(self._finding(normalized, start, end, PERSON, score, DOCUMENT_MEMORY, reason))
        return resolve_overlaps(findings, normalized.original)

    @classmethod
    def _to_finding(cls, result: RecognizerResult, normalized: NormalizedText) -> Finding:
        explanation = result.analysis_explanation
        return cls._finding(
            normalized,
            result.start,
            result.end,
            result.entity_type,
            result.score,
            (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
            (explanation.textual_explanation or "") if explanation else "",
        )

    @staticmethod
    def _finding(
        normalized: NormalizedText, start: int, end: int, label: str, score: float, recognizer: str, explanation: str
    ) -> Finding:
        """A finding at ``start:end`` of the normalised text, placed on the original text."""
        start, end = normalized.to_original(start, end)
        return Finding(start, end, label, round(score, 3), recognizer, explanation, normalized.original[start:end])


@lru_cache(maxsize=4)
def _detector_for(settings_json: str) -> Detector:
    return Detector(Settings.model_validate_json(settings_json))


def get_detector(settings: Settings | None = None) -> Detector:
    """The shared detector for these settings: the pipeline is loaded once per process."""
    return _detector_for((settings or get_settings()).model_dump_json())
