"""The precision filter for names found without context (name lists and the model alike).

A German common noun ("Sommer", "Sprachförderung"), a lowercase German word at the start of a
sentence ("Klein", "Lange"), a big city, an ethnic group ("Roma"), a feast ("St. Martin") or a
surname after an article ("der Koch", "der Wolf") is not a name. Names found in context skip the
filter: that is how "Frau Koch" stays a name.
"""
from __future__ import annotations

from collections.abc import Sequence

from anonymizer.detection.gazetteers import generic_places, name_nouns, origins, places
from anonymizer.detection.lang_de import DETERMINERS, SAINTS
from anonymizer.detection.lexicon import is_common_noun, is_german_word, is_listed_name, name_shaped
from anonymizer.detection.recognizers.words import Word, only_spaces


def passes_filter(words: Sequence[Word], word: Word, surname_only: bool) -> bool:
    """The precision filter for a name found without context."""
    if not name_shaped(word):
        return False
    if is_common_noun(word, compounds=not is_listed_name(word)):
        return False
    if word.sentence_start and is_german_word(word):
        return False
    if word.key in generic_places() or (surname_only and word.key in places()):
        return False  # "in Berlin", "nach Kiel": places that are also someone's surname
    if word.key in origins().demonyms:
        return False  # "Familie Berisha (Roma, aus Prizren)": a group, reported as NRP
    previous = words[word.index - 1] if word.index else None
    if previous is not None and previous.key in SAINTS:
        return False  # "St. Martin", "Sankt Nikolaus": feasts and churches
    after_article = previous is not None and previous.key in DETERMINERS and only_spaces(word)
    if after_article and (surname_only or word.key in name_nouns()):  # "der Koch", "der Wolf"
        return False
    return True
