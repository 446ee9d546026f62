"""Presidio's AnalyzerEngine for German, on a spaCy pipeline that is only ever loaded from this machine."""
from __future__ import annotations

import logging
from bisect import bisect_right
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from anonymizer.config import BLANK_MODEL
from anonymizer.detection.recognizers import build_recognizers

LANGUAGE = "de"
logger = logging.getLogger(__name__)

# Labels of German NER corpora (PER/LOC/ORG) and of English-style models, mapped to Presidio's names.
NER_CONFIGURATION = NerModelConfiguration(
    model_to_presidio_entity_mapping={
        "PER": "PERSON",
        "PERSON": "PERSON",
        "LOC": "LOCATION",
        "GPE": "LOCATION",
        "ORG": "ORGANIZATION",
        "ADDRESS": "ADDRESS",
        "STREET": "ADDRESS",
    },
    labels_to_ignore=["MISC"],
    low_score_entity_names=[],
)


class ModelNotFoundError(RuntimeError):
    """The configured spaCy pipeline is neither a directory nor an installed package."""


def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline from a path, an installed package or ``blank:<lang>``; never download."""
    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
        return nlp
    if Path(model).exists() or spacy.util.is_package(model):
        return spacy.load(model)
    raise ModelNotFoundError(
        f"spaCy-Modell '{model}' nicht gefunden (kein Verzeichnis, kein installiertes Paket). "
        f"Setzen Sie KITA_ANON_MODEL auf einen Pfad, einen Paketnamen oder '{BLANK_MODEL}'."
    )


class LocalSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine without its download fallback, for one already loaded pipeline."""

    def __init__(self, nlp: Language):
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": nlp.meta.get("name", "blank")}],
            ner_model_configuration=NER_CONFIGURATION,
        )
        self.nlp = {LANGUAGE: nlp}

    def load(self) -> None:  # the pipeline is loaded in __init__; nothing may be fetched
        return None

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        artifacts = super()._doc_to_nlp_artifact(doc, language)
        # Pipelines without a lemmatizer give empty lemmas; Presidio's context words then never
        # match. The lower-cased token is a good enough stand-in for German context words.
        if not any(artifacts.lemmas):
            artifacts.lemmas = [token.lower_ for token in doc]
            artifacts.keywords = artifacts.set_keywords(self, artifacts.lemmas, language)
        artifacts.keywords = Keywords(artifacts.keywords)
        return artifacts


class Keywords(list):
    """The text's keywords with set look-up: Presidio asks ``lemma in keywords`` for every word
    around every hit, which on a plain list makes long texts quadratic."""

    def __init__(self, words: list[str]):
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


class OffsetContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context words, with the token of a hit found by bisection.

    Presidio walks all tokens for every hit, which makes long texts quadratic; tokens are in text
    order, so the last token starting at or before the hit (or the next one) is the same token.
    """

    def _find_index_of_match_token(self, word: str, start: int, tokens, tokens_indices: list[int]) -> int:
        index = max(bisect_right(tokens_indices, start) - 1, 0)
        if tokens_indices[index] != start and start >= tokens_indices[index] + len(tokens[index]):
            index += 1
        if index >= len(tokens_indices):
            raise ValueError("hit outside the tokens")
        return index


def build_analyzer(model: str) -> AnalyzerEngine:
    nlp_engine = LocalSpacyNlpEngine(load_pipeline(model))
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in build_recognizers():
        registry.add_recognizer(recognizer)
    logger.info("analyzer ready: model=%s recognizers=%d", model, len(registry.recognizers))
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=OffsetContextEnhancer(),
    )
