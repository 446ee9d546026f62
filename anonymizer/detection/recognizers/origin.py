"""NRP: nationality, ethnic or religious origin used about a person.

Found: "aus Syrien", "stammt aus der Türkei", "die syrische Familie", "türkischstämmige Mutter",
"afghanischer Herkunft", "Die Familie ist eritreisch.", "ist Syrerin", "die Jesiden",
"Herkunft: Eritrea", "Religion: muslimisch". Not found: languages ("spricht Arabisch",
"auf Türkisch"), adjectives about things ("türkischer Tee"). A country without an origin cue
("Urlaub in der Türkei") is reported with a low score; "Deutschland" only with a cue.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.gazetteers import origins
from anonymizer.detection.recognizers.registry import register
from anonymizer.detection.recognizers.words import Span, Word, WordRecognizer, field_values, keyset
from anonymizer.detection.scores import score


ORIGIN_CUES = keyset({"aus", "stammt", "stammen", "herkunft", "herkunftsland", "heimatland", "heimat", "geflüchtet", "geflohen", "flucht", "eingewandert", "zugewandert"})
# Words an origin adjective describes when it is about people.
PEOPLE = keyset(
    {
        "familie", "familien", "mutter", "vater", "eltern", "kind", "kinder", "junge", "jungen",
        "mädchen", "frau", "frauen", "mann", "männer", "sohn", "tochter", "großfamilie", "community",
        "gemeinde", "herkunft", "abstammung", "wurzeln", "staatsangehörigkeit", "staatsbürgerschaft",
        "nationalität", "pass", "flüchtlingsfamilie", "flüchtlinge", "großeltern", "oma", "opa",
        "kindesmutter", "kindesvater", "mitbürger", "mitbürgerin", "migrationshintergrund",
        "staatsangehörige", "staatsangehöriger", "staatsbürgerin", "staatsbürger", "bürgerin",
        "bürger", "herkunftsfamilie", "landsleute", "geflüchtete", "geflüchteter",
    }
)
ENDINGS = ("", "e", "en", "er", "es", "em")
COPULAS = keyset({"ist", "sind", "war", "waren"})
FIELDS = re.compile(
    r"\b(?:herkunft|herkunftsland|nationalität|staatsangehörigkeit|staatsbürgerschaft|religion"
    r"|konfession|religionszugehörigkeit|volkszugehörigkeit|ethnie|abstammung)(?:\((?:en|n|e)\))?[ \t]*:[ \t]*"
    # a value starts with a letter (not the boxes of a blank form: "☐ deutsch ☐ andere") and ends
    # at a wide gap, where the next field of the line begins
    r"([^\W\d_](?:(?![ ]{3}|\t)[^\n,;]){0,59})",
    re.IGNORECASE,
)
SCORE_FIELD = score("origin", "field")
SCORE_CUE = score("origin", "cue")
SCORE_COUNTRY = score("origin", "country")
DOMESTIC = "deutschland"


def adjective_stem(word: Word) -> tuple[str, bool] | None:
    """(stem, inflected) when the word is an origin adjective ("syrische" -> ("syrisch", True))."""
    key = word.key
    if "stämmig" in key:  # "türkischstämmige": about people by definition
        stem = key.split("stämmig")[0].rstrip("-")
        return (stem, True) if stem in origins().adjectives else None
    for ending in ENDINGS:
        stem = key[: len(key) - len(ending)] if ending else key
        if key.endswith(ending) and stem in origins().adjectives:
            return stem, bool(ending)
    return None


def _about_people(words: Sequence[Word], index: int) -> bool:
    """The adjective at ``index`` describes people: "syrische Familie", "syrische geflüchtete Mutter"."""
    following = words[index + 1 : index + 3]
    if following and following[0].key in PEOPLE:
        return True
    return len(following) == 2 and following[0].lower and following[1].key in PEOPLE


def _country_at(words: Sequence[Word], index: int) -> int:
    """Number of words (1 or 2) of a country name starting at ``index``, 0 when there is none."""
    pair = f"{words[index].key} {words[index + 1].key}" if index + 1 < len(words) else ""
    if pair in origins().countries:
        return 2
    return 1 if words[index].key in origins().countries and words[index].capitalised else 0


def _has_cue(words: Sequence[Word], index: int) -> bool:
    before = [w.key for w in words[max(0, index - 4) : index]]
    return any(key in ORIGIN_CUES for key in before)


def countries(words: Sequence[Word]) -> Iterator[Span]:
    index = 0
    while index < len(words):
        length = _country_at(words, index)
        if not length:
            index += 1
            continue
        span_end = words[index + length - 1].end
        if _has_cue(words, index):
            yield (words[index].start, span_end, SCORE_CUE, "Herkunftsland nach 'aus'/'Herkunft'")
        elif words[index].key != DOMESTIC:
            yield (words[index].start, span_end, SCORE_COUNTRY, "Land ohne Herkunftsangabe")
        index += length


def adjectives_and_demonyms(words: Sequence[Word]) -> Iterator[Span]:
    for word in words:
        if word.key in origins().demonyms and word.capitalised and word.key not in origins().countries:
            yield (word.start, word.end, SCORE_CUE, "Herkunftsbezeichnung einer Person")
            continue
        found = adjective_stem(word)
        if found is None:
            continue
        _, inflected = found
        # A bare capitalised form is a language ("spricht Arabisch"), not an origin.
        if word.capitalised and not inflected and not word.sentence_start:
            continue
        previous = words[word.index - 1].key if word.index else ""
        # "Frau Al-Masri (syrisch, 34 Jahre)": a bare adjective opening a parenthesis describes her.
        appositive = not inflected and word.lower and word.gap.endswith("(")
        if "stämmig" in word.key or _about_people(words, word.index) or appositive or (not inflected and previous in COPULAS):
            yield (word.start, word.end, SCORE_CUE, "Herkunftsadjektiv über Personen")


@register
class OriginRecognizer(WordRecognizer):
    ENTITY = "NRP"

    def find(self, text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> list[Span]:
        return [*countries(words), *adjectives_and_demonyms(words), *field_values(FIELDS, text, SCORE_FIELD, "Feld zur Herkunft oder Religion")]
