"""ORGANIZATION: named Kitas and schools, employers and other firms.

Found: "Kita Sonnenblume", "Kindergarten Regenbogen", Kita „Pusteblume“, "Grundschule am
Buntentorsteinweg", "Ev. Kita St. Markus", "Bäckerei Özdemir", "Pflegedienst Schmidt GmbH",
"Müller & Söhne GmbH", "arbeitet bei Lidl". A kind of place without a name stays ("die Kita",
"in der Grundschule", "Kita-Leitung"), and so do public institutions (``policies/allow_list.txt``).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.gazetteers import german_nouns
from anonymizer.detection.lang_de import CALENDAR, LIST_WORDS, SAINTS, WEEKDAY_ABBREVIATIONS
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name
from anonymizer.detection.recognizers.ner import ner_entities
from anonymizer.detection.recognizers.registry import register
from anonymizer.detection.recognizers.words import Span, Word, WordRecognizer, keyset, only_spaces
from anonymizer.detection.scores import score


# Kinds of organisation that are followed by their proper name.
HEADS = keyset(
    {
        "kita", "kitas", "kindertagesstätte", "kindertagesheim", "kindergarten", "krippe", "kinderkrippe",
        "kinderhaus", "hort", "kinderhort", "spielkreis", "krabbelgruppe", "familienzentrum",
        "grundschule", "oberschule", "gesamtschule", "gymnasium", "realschule", "hauptschule",
        "förderschule", "schule", "berufsschule", "montessorischule", "waldorfschule", "waldkindergarten",
        "praxis", "kinderarztpraxis", "arztpraxis", "zahnarztpraxis", "apotheke", "bäckerei",
        "metzgerei", "fleischerei", "friseur", "friseursalon", "salon", "restaurant", "imbiss",
        "café", "kiosk", "supermarkt", "firma", "pflegedienst", "reinigung", "gebäudereinigung",
        "spedition", "autohaus", "werkstatt", "kanzlei", "klinik", "klinikum", "krankenhaus", "hotel",
        "verein", "sportverein", "moschee", "moscheegemeinde", "kirchengemeinde", "gemeinde",
        "laden", "reisebüro", "fahrschule", "tanzschule", "musikschule", "schwimmschule",
        "unternehmen", "betrieb", "lieferdienst", "handyladen", "änderungsschneiderei", "blumenladen",
        "ergotherapie", "logopädie", "physiotherapie", "therapiezentrum", "lebenshilfe", "familienhilfe",
        "schulbegleitung", "jugendhilfe", "seniorenheim", "pflegeheim", "wohngruppe", "kinderheim", "stiftung",
        # sports clubs: "TSV Weserstrand", "SV Grün-Weiß"
        "tsv", "sv", "tus", "vfl", "vfb", "fc", "sc", "sg", "djk", "asv", "tsg",
    }
)
# Compounds ending in one of these are heads too ("Hebammenpraxis Lebensfluss", "Familienbüro
# Bismarck") and, after capitalised name parts, whole names ("Mark-Twain-Grundschule").
HEAD_ENDINGS = (
    "praxis", "büro", "zentrum", "schule", "kita", "kindergarten", "dienst", "laden", "verein", "hospital", "klinik",
    "kinderhaus", "therapie", "apotheke", "heim",
)
# A single word made of a name and a head: "Birkenhainschule", "Löwenzahnkita" - unless German has it.
MIN_NAME_PREFIX = 4
# Prefixes of a provider or denomination that belong to the name ("Ev. Kita St. Markus").
PREFIXES = keyset({"ev", "evangelische", "evangelischer", "kath", "katholische", "katholischer", "städtische", "städtischer", "awo", "drk", "integrative", "bilinguale"})
# Prepositions of names like "Grundschule am Buntentorsteinweg", "Kita an der Weser", "Kita im Park".
NAME_PREPOSITIONS = keyset({"am", "an", "im", "in", "auf", "zum", "zur", "unterm", "hinter"})
# Words after a head that are not its name: "Kita Leitung", "Schule Montag".
NOT_A_NAME = keyset(
    {
        "leitung", "team", "gruppe", "gruppen", "kinder", "eltern", "personal", "alltag", "platz", "plätze",
        "jahr", "ferien", "fest", "essen", "zeit", "zeiten", "tür", "träger", "gebäude", "garten",
        "konzept", "und", "oder",
    }
)
LEGAL_FORMS = keyset({"gmbh", "ggmbh", "mbh", "ag", "kg", "ug", "ohg", "gbr", "ev", "co", "e", "v", "se", "kgaa", "eg"})
EMPLOYMENT = keyset({"arbeitet", "arbeiten", "beschäftigt", "angestellt", "jobbt", "tätig", "ausbildung", "praktikum", "minijob", "arbeitgeber", "arbeitsstelle"})
QUOTES = "\"„“”»«'‚‘"
SCORE_NAMED = score("organisation", "named")
SCORE_EMPLOYER = score("organisation", "employer")
SCORE_NER = score("organisation", "ner")


def _name_word(word: Word) -> bool:
    """A word of an organisation's proper name: capitalised, and not a part like "Leitung"."""
    return word.capitalised and word.key not in NOT_A_NAME and word.key not in HEADS and word.key not in CALENDAR


def _attached(word: Word) -> bool:
    """Follows the previous word on the same line, at most with an opening quote between."""
    return "\n" not in word.gap and word.gap.strip(" \t" + QUOTES) == ""


def _name_end(words: Sequence[Word], index: int) -> int | None:
    """The index after the proper name starting at ``index`` (right after a head), if there is one."""
    if index >= len(words) or not _attached(words[index]):
        return None
    word = words[index]
    if word.key in NAME_PREPOSITIONS:  # "am Buntentorsteinweg", "an der Weser"
        following = index + 1
        if following < len(words) and words[following].key in ("der", "dem", "den"):
            following += 1
        if following < len(words) and only_spaces(words[following]) and _name_word(words[following]):
            return _name_words_end(words, following + 1)
        return None
    if word.key in SAINTS and index + 1 < len(words) and words[index + 1].capitalised:
        return _name_words_end(words, index + 2)  # "St. Markus"
    # A capitalised adjective mid-sentence is a name ("Kita Bunte Kiste", "Kita Kleine Strolche").
    if not _name_word(word):
        return None
    return _name_words_end(words, index + 1)


def _name_words_end(words: Sequence[Word], index: int) -> int:
    """Further capitalised words of a name ("Kita Bunte Kiste"), at most two, then a legal form."""
    end = index
    while end < len(words) and end - index < 2 and _attached(words[end]) and _name_word(words[end]):
        end += 1
    return _legal_form_end(words, end)


def _legal_form_end(words: Sequence[Word], index: int) -> int:
    end = index
    while end < len(words) and words[end].key in LEGAL_FORMS and "\n" not in words[end].gap:
        end += 1
    return end


def _span_end(text: str, word: Word) -> int:
    """The end of a name, with its closing quote ("Kita „Pusteblume“") or final dot ("e.V.")."""
    if word.end < len(text) and (text[word.end] in QUOTES or (word.key in ("v", "co") and word.abbreviated)):
        return word.end + 1
    return word.end


def is_head(word: Word) -> bool:
    return word.key in HEADS or word.key.endswith(HEAD_ENDINGS)


def hyphenated_names(words: Sequence[Word]) -> Iterator[Span]:
    """"Mark-Twain-Grundschule", "St.-Johannes-Hospital": capitalised name parts before a head."""
    for word in words:
        *name, head = word.text.split("-")
        if name and head[:1].isupper() and head.lower().endswith(HEAD_ENDINGS) and all(part[:1].isupper() for part in name):
            start = word.index - 1 if word.index and words[word.index - 1].key in SAINTS and word.gap in (".", ".-") else word.index
            yield (words[start].start, word.end, SCORE_NAMED, "Einrichtung mit Eigennamen")


def named_places(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """A head followed by its name: "Kita Sonnenblume", "Bäckerei Özdemir"."""
    for word in words:
        if not is_head(word) or not word.capitalised:  # "laden zum Tag der offenen Tür ein": a verb
            continue
        end = _name_end(words, word.index + 1)
        if end is None:
            continue
        start = word.index
        while start > 0 and words[start - 1].key in PREFIXES and "\n" not in words[start].gap:
            start -= 1
        yield (words[start].start, _span_end(text, words[end - 1]), SCORE_NAMED, "Einrichtung mit Eigennamen")


def compound_names(words: Sequence[Word]) -> Iterator[Span]:
    """"Birkenhainschule", "Kastanienkita": a proper name grown into its head, not a German noun
    ("Grundschule", "Musikschule" are)."""
    for word in words:
        if not word.capitalised or "-" in word.key or word.key in german_nouns():
            continue
        ending = next((ending for ending in ("schule", "kita", "kindergarten") if word.key.endswith(ending)), None)
        if ending and len(word.key) - len(ending) >= MIN_NAME_PREFIX and word.key[: -len(ending)] not in german_nouns():
            yield (word.start, word.end, SCORE_NAMED, "Einrichtung mit Eigennamen im Wort")


def legal_entities(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """Capitalised words before a legal form: "Schmidt GmbH", "Müller & Söhne GmbH", "Lebenshilfe Nord gGmbH"."""
    for word in words:
        if word.key not in LEGAL_FORMS or not (word.text[0].isupper() or word.key == "ggmbh") or word.key in ("e", "v", "co"):
            continue
        start = word.index
        while (
            start > 0
            and word.index - start < 4
            and words[start].gap.strip(" \t&") == ""
            and words[start - 1].capitalised
            and not is_german_word(words[start - 1])  # "Die Schmidt GmbH"
        ):
            start -= 1
        if start < word.index:
            end = _span_end(text, words[_legal_form_end(words, word.index) - 1])
            yield (words[start].start, end, SCORE_NAMED, "Firma mit Rechtsform")


def employers(words: Sequence[Word]) -> Iterator[Span]:
    """"arbeitet bei Lidl", "Ausbildung bei Autohaus Meyer"."""
    for word in words[:-1]:
        if word.key != "bei" or not {w.key for w in words[max(0, word.index - 4) : word.index]} & EMPLOYMENT:
            continue
        index = word.index + 1
        if words[index].key in ("der", "dem", "einer", "einem"):
            index += 1
        if index >= len(words) or not only_spaces(words[index]):
            continue
        candidate = words[index]
        if is_head(candidate):
            continue  # reported by named_places when a name follows
        if candidate.capitalised and not (is_common_noun(candidate, compounds=True) or is_listed_name(candidate) and index == word.index + 2):
            yield (candidate.start, words[_name_words_end(words, index + 1) - 1].end, SCORE_EMPLOYER, "Arbeitgeber")


def _proper(word: Word) -> bool:
    """A word that makes an organisation's name specific ("Caritas", "Lebensfluss" is not needed:
    "Hebammenpraxis Lebensfluss" is found by its head): not a kind of place, noun or acronym."""
    return (
        word.capitalised
        and not is_head(word)
        and not word.text.isupper()  # acronyms: "AOK", "DRK", a plate's "HB-NB"
        and not is_common_noun(word, compounds=True)
        and not is_german_word(word)
        and word.key not in LIST_WORDS
        and word.key not in WEEKDAY_ABBREVIATIONS
    )


def ner_organisations(text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> Iterator[Span]:
    """ORG spans of the spaCy pipeline that hold a proper name ("Kita versteht", "AOK" do not); they end
    with their last word, so a sentence's full stop after "GmbH" stays outside."""
    for start, _, inner in ner_entities(nlp_artifacts, ("ORGANIZATION",), words):
        if any(_proper(word) for word in inner):
            yield (start, _span_end(text, inner[-1]), SCORE_NER, "NER")


@register
class OrganisationRecognizer(WordRecognizer):
    ENTITY = "ORGANIZATION"

    def find(self, text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> list[Span]:
        return [
            *named_places(text, words),
            *hyphenated_names(words),
            *compound_names(words),
            *legal_entities(text, words),
            *employers(words),
            *ner_organisations(text, words, nlp_artifacts),
        ]
