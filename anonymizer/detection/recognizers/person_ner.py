"""PERSON from the spaCy pipeline's NER: PER spans, split at German words and through the precision
filter when they are one word, and one-word places or organisations that the lists know as first
names ("Lina"). A multi-word span like "Quirin Lüdekind" is kept as the model saw it, with the
initial it found ("B. Krüger").
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.gazetteers import places
from anonymizer.detection.lang_de import ABBREVIATED_TITLES, ACADEMIC, DETERMINERS, PARTICLES, RELATIVES, SAINTS, TITLES
from anonymizer.detection.lexicon import is_common_noun, is_first_name, is_german_word, is_listed_name, name_shaped
from anonymizer.detection.gazetteers import german_nouns
from anonymizer.detection.recognizers.ner import ner_entities
from anonymizer.detection.recognizers.person_filter import passes_filter
from anonymizer.detection.recognizers.person_layout import is_initial
from anonymizer.detection.recognizers.words import Span, Word, keyset, only_spaces
from anonymizer.detection.scores import score

SCORE_NER_CONFIRMED = score("person", "ner_confirmed")
SCORE_NER = score("person", "ner")


def ner_persons(words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> Iterator[Span]:
    """PER spans of the spaCy pipeline, through the precision filter when they are one word
    (a multi-word span like "Quirin Lüdekind" is kept as the model saw it)."""
    for _, _, inner in ner_entities(nlp_artifacts, ("PERSON",), words):
        for run in _name_runs(inner):
            if len(run) == 1 and not _unfiltered(words, run[0]):
                continue
            if run[0].key in SAINTS:  # "St. Martin" is a feast or a church, not a person here
                continue
            if all(is_initial(w) for w in run):
                continue  # an initial the model left alone ("B.") is no name without its other part
            confirmed = any(is_listed_name(w) for w in run)
            score, reason = (SCORE_NER_CONFIRMED, "NER und Namensliste") if confirmed else (SCORE_NER, "NER")
            yield (_name_start(words, run[0]).start, run[-1].end + is_initial(run[-1]), score, reason)


# Name parts before a name that are no German function word ("von Leon" stays "Mutter von Leon").
LEADING_PARTICLES = keyset({"van", "de", "del", "della", "dos", "le", "la", "al", "el", "ibn", "abu", "di"})


def _name_start(words: Sequence[Word], first: Word) -> Word:
    """The model sometimes leaves out a short first part of a name: "le thi hoa" found as "thi hoa".
    A foreign particle or a listed name that is no German word right before it belongs to it."""
    while first.index and only_spaces(first):
        previous = words[first.index - 1]
        if previous.capitalised != first.capitalised or previous.key in DETERMINERS:
            break
        listed = is_listed_name(previous) and not is_german_word(previous) and previous.key not in german_nouns()
        if not (listed or previous.key in LEADING_PARTICLES):
            break
        first = previous
    return first


def _name_runs(inner: list[Word]) -> list[list[Word]]:
    """An NER span split at German words, titles, roles and words no name has inside it: "Luis und
    Hira" -> "Luis", "Hira"; "Hr. Ahmadi" -> "Ahmadi" (titles stay outside a name, as with the
    context rules); "Ausweisnummer L01X00T" -> nothing."""
    runs: list[list[Word]] = [[]]
    for position, word in enumerate(inner):
        following = inner[position + 1] if position + 1 < len(inner) else None
        if is_initial(word) and following is not None and not is_listed_name(following) and is_common_noun(following, compounds=True):
            runs.append([])  # "B. Sorgeberechtigte": a lettered section, not an initial
            continue
        title_or_role = word.key in TITLES or word.key in ABBREVIATED_TITLES or word.key in ACADEMIC or word.key in RELATIVES
        common_noun = word.capitalised and not is_listed_name(word) and is_common_noun(word, compounds=False)
        # name_shaped already refuses lowercase German words ("und") and words with digits;
        # an initial stays with its name ("B. Krüger").
        if title_or_role or common_noun or (word.key not in PARTICLES and not name_shaped(word) and not is_initial(word)):
            runs.append([])
        else:
            runs[-1].append(word)
    return [run for run in runs if run]


def ner_misread_names(words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> Iterator[Span]:
    """A one-word entity the model calls a place or organisation that the lists know as a first
    name ("Lina") is a person: reported as such, so that the better label wins the overlap."""
    for _, _, inner in ner_entities(nlp_artifacts, ("LOCATION", "ORGANIZATION"), words):
        word = inner[0]
        if len(inner) == 1 and is_first_name(word) and word.key not in places() and _unfiltered(words, word):
            yield (word.start, word.end, SCORE_NER_CONFIRMED, "Vorname aus Namensliste, NER sah einen Ort")


def _unfiltered(words: Sequence[Word], word: Word) -> bool:
    """A one-word NER hit that could be a name and passes the precision filter ("lebt" cannot)."""
    if word.text.isupper() and (len(word.text) <= 4 or not is_listed_name(word)):  # "IBAN", "KV"
        return False
    return name_shaped(word) and passes_filter(words, word, surname_only=not is_first_name(word))
