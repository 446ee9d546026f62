"""LOCATION: districts and small localities used as a residence.

Recall first, with one deliberate exception:

* After a residence cue ("wohnt in Gröpelingen", "lebt in Tenever", "zieht nach Delmenhorst",
  "Wohnort: Achim", "im Stadtteil Huchting") any place is flagged (0.85), big cities included:
  where a family lives is personal data whatever the size of the place.
* After a bare "in"/"aus"/"nach" ("aus Tenever", "in Gröpelingen") a capitalised word that is
  neither a German noun nor a name is flagged with 0.5 - unless it is a federal state, a big city
  or a country (``data/generic_places.txt``; countries are NRP): "Fortbildung in Hamburg" or
  "Jugendamt Bremen" name no family, and flagging every big city would bury the real findings.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.gazetteers import generic_places, german_nouns, origins, places
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name
from anonymizer.detection.recognizers.ner import ner_entities
from anonymizer.detection.recognizers.registry import register
from anonymizer.detection.recognizers.words import Span, Word, WordRecognizer, field_values, only_spaces, keyset
from anonymizer.detection.scores import score


RESIDENCE_VERBS = keyset(
    {
        "wohnt", "wohnen", "wohnte", "wohnten", "lebt", "leben", "lebte", "lebten", "wohnhaft",
        "zieht", "ziehen", "zog", "umgezogen", "verzogen", "gezogen", "umzug", "untergebracht",
        "gemeldet", "ansässig", "aufgewachsen", "wohnung", "unterkunft", "wohnheim",
    }
)
DWELLINGS = ("wohnung", "unterkunft", "wohnheim", "heim")
AREA_WORDS = keyset({"stadtteil", "ortsteil", "quartier", "viertel", "siedlung", "dorf", "gemeinde", "ortschaft", "wohngebiet"})
PREPOSITIONS = keyset({"in", "im", "nach", "aus", "bei", "von"})
# "Bad Zwischenahn", "Sankt Magnus", "Neue Vahr": capitalised words that start a place name.
PLACE_PREFIXES = keyset({"bad", "sankt", "st", "neue", "neuen", "alt", "groß", "klein", "ober", "unter", "nieder"})
FIELDS = re.compile(r"\b(?:wohnort|ort|stadtteil|ortsteil|wohnhaft in)[ \t]*:[ \t]*([^\n,;]{1,40})", re.IGNORECASE)
DATE_AFTER_PLACE = re.compile(r"[ \t]*,[ \t]*(?:den[ \t]+)?\d{1,2}\.")
SCORE_RESIDENCE = score("location", "residence")
SCORE_PLACE = score("location", "place")


def _place_word(word: Word, cued: bool) -> bool:
    """Could name a place: a known place name ("Gröpelingen"), or a capitalised word that is no
    German noun - after a residence cue whole nouns only ("Kattenturm" ends with "Turm"), without
    one compounds too ("in Elternzeit")."""
    if not word.capitalised or word.key in origins().countries or word.key in AREA_WORDS:
        return False  # "im Stadtteil" is a cue, not a place
    if word.key in generic_places() or (cued and word.key.split("-")[0] in places()):
        return True  # "Dortmund-Nordstadt", "Osterholz-Tenever"
    if word.key in places() and (cued or not _noun_compound(word.key)):
        return True
    return not (is_common_noun(word, compounds=not cued) or is_german_word(word))


def _noun_compound(key: str) -> bool:
    """Ends with a noun of four or more letters: "Vollzeit" (the place list is not free of such
    words; "-gen" in "Gröpelingen" is too short to count)."""
    return any(key[i:] in german_nouns() for i in range(2, len(key) - 3))


def _place_end(words: Sequence[Word], index: int) -> int:
    """The index after a place name starting at ``index`` ("Bad Zwischenahn", "Osterholz-Tenever")."""
    end = index + 1
    if words[index].key in PLACE_PREFIXES and end < len(words) and words[end].capitalised:
        end += 1
    return end


def _place_start(words: Sequence[Word], index: int, cued: bool) -> int | None:
    """Where a place name starts right after the preposition at ``index`` ("in der Vahr": skip "der")."""
    start = index + 1
    if start < len(words) and words[start].key in ("der", "dem") and words[index].key != "im":
        start += 1
    if start >= len(words) or not only_spaces(words[start]):
        return None
    word = words[start]
    if word.key in PLACE_PREFIXES and word.capitalised:
        return start
    return start if _place_word(word, cued) else None


def _residence_cue(before: Sequence[Word]) -> bool:
    """"wohnt", "lebt", "zieht" or a dwelling ("Zweizimmerwohnung", "Gemeinschaftsunterkunft")."""
    return any(w.key in RESIDENCE_VERBS or w.key in AREA_WORDS or w.key.endswith(DWELLINGS) for w in before)


def residences(words: Sequence[Word]) -> Iterator[Span]:
    for word in words:
        if word.key not in PREPOSITIONS:
            continue
        # The cue may follow the place: "nach Kattenturm umgezogen", "in Tenever gemeldet".
        cued = _residence_cue(words[max(0, word.index - 4) : word.index + 5])
        start = _place_start(words, word.index, cued)
        if start is None:
            continue
        end = _place_end(words, start)
        place = words[start]
        if cued:
            yield (place.start, words[end - 1].end, SCORE_RESIDENCE, "Ort nach Wohnangabe")
        elif place.key not in generic_places() and word.key != "von" and (
            place.key in places() or not is_listed_name(place)
        ):
            yield (place.start, words[end - 1].end, SCORE_PLACE, "Ortsname nach Präposition")


def areas(words: Sequence[Word]) -> Iterator[Span]:
    """"Stadtteil Huchting", "Ortsteil Tenever"."""
    for word in words[:-1]:
        following = words[word.index + 1]
        if word.key in AREA_WORDS and only_spaces(following) and _place_word(following, cued=True):
            yield (following.start, words[_place_end(words, following.index) - 1].end, SCORE_RESIDENCE, "Ort nach Stadtteil")


def place_and_date(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """"Oberhausen, den 14.01.2025" above a signature: where the writer (or family) is."""
    for word in words:
        if (
            word.sentence_start
            and word.capitalised
            and (word.key in places() or word.key in generic_places())
            and DATE_AFTER_PLACE.match(text, word.end)
        ):
            yield (word.start, word.end, SCORE_PLACE, "Ort vor Datum")


def ner_locations(words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> Iterator[Span]:
    """LOC spans of the spaCy pipeline that name a small place: not a noun ("Armut", "Halle" after
    an article), not a big city or state without a residence cue, not a country (that is NRP) and
    not a first name the model misread ("Lina", reported as PERSON)."""
    for start, end, inner in ner_entities(nlp_artifacts, ("LOCATION",), words):
        if len(inner) > 1 and any(_place_word(word, cued=False) or word.key in places() for word in inner):
            yield (start, end, SCORE_PLACE, "NER")
            continue
        word = inner[0]
        article = word.index > 0 and words[word.index - 1].key in ("der", "die", "das", "dem", "den")
        misread = is_listed_name(word) and word.key not in places()
        if len(inner) == 1 and not article and not misread and word.key not in generic_places() and _place_word(word, cued=False):
            yield (start, end, SCORE_PLACE, "NER")


@register
class ResidenceRecognizer(WordRecognizer):
    ENTITY = "LOCATION"

    def find(self, text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> list[Span]:
        return [
            *residences(words),
            *areas(words),
            *place_and_date(text, words),
            *field_values(FIELDS, text, SCORE_RESIDENCE, "Feld Wohnort"),
            *ner_locations(words, nlp_artifacts),
        ]
