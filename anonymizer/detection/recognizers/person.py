"""PERSON: the hybrid person detector - the context and name-list rules, and the recognizer that
joins every source.

Sources, each in its own module:

1. **Context** (here, score 0.85-0.9): a title or role before a name ("Frau Koch", "Hr. Yılmaz",
   "KM Ayşe", "Sohn Leon", "Mutter von Leon"), attendance lists ("Anwesend: ..."), form fields,
   table rows, signatures after a closing ("Liebe Grüße, Nadia"), salutations ("Hallo Herr
   Müller"), genitives before a relative ("Leons Mutter"), names joined to such a name ("Luis und
   Hira") and unknown words in a list made mostly of names ("Bärengruppe: Bohumil, Omaar, Sonne").
   Context beats every word list: "Frau Koch" and "Frau Sonnenschein" are names.
2. **Layout** (``person_layout.py``): chat senders, e-mail headers, signatures, form fields and
   table columns that ``detection/layout.py`` finds; **initials** (``person_initials.py``);
   **local evidence** (``person_evidence.py``): "Smilla (Papa)", names in other scripts.
3. **Name lists** (here, 0.4-0.8): first names and surnames of about 80 origins, a first name
   followed by a surname as one span ("Anna-Lena Meyer-Özkan"), lowercase first names in quick
   notes ("mama (ayse) holt ihn ab") when they are not also German words.
4. **NER** (``person_ner.py``): PER spans of the spaCy pipeline.
5. **Precision filter** (``person_filter.py``) for hits without context (name lists and NER).

The document-level name memory runs after all recognizers (``detection/memory.py``). Every name
span is extended over all following name words, so no half name is left behind.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain
from collections.abc import Callable, Iterator, Sequence

from presidio_analyzer.nlp_engine import NlpArtifacts

from anonymizer.detection.gazetteers import first_names, german_nouns, german_words, places, surnames
from anonymizer.detection.recognizers.person_filter import passes_filter
from anonymizer.detection.recognizers.person_ner import ner_misread_names, ner_persons
from anonymizer.detection.recognizers.person_evidence import names_before_brackets, names_in_brackets, other_script_names
from anonymizer.detection.recognizers.person_initials import initial_names
from anonymizer.detection.recognizers.person_layout import layout_names
from anonymizer.detection.recognizers.registry import register
from anonymizer.detection.recognizers.words import Span, Word, WordRecognizer, keyset, only_spaces
from anonymizer.detection.lexicon import (
    MIN_LOWERCASE_NAME,
    could_be_name,
    is_common_noun,
    is_first_name,
    is_german_word,
    is_listed_name,
    is_surname,
    name_shaped,
    never_a_name,
)
from anonymizer.detection.lang_de import (
    TITLES,
    ABBREVIATED_TITLES,
    ACADEMIC,
    RELATIVES,
    COORDINATORS,
    SALUTATIONS,
    LIST_HEADERS,
    NAME_FIELDS,
    CELL_SEPARATORS,
    CLOSINGS,
    PARTICLES,
    DETERMINERS,
    LANGUAGES,
    CALENDAR,
    NOT_NAMES_IN_SLOTS,
    ORGANISATION_UNITS,
    ROLES,
)
from anonymizer.detection.scores import score

# Lowercase surnames alone ("neu angemeldet: nguyen") need more letters: short ones are often words.
MIN_LOWERCASE_SURNAME = 5

SCORE_TITLE = score("person", "title")
SCORE_CONTEXT = score("person", "context")
SCORE_FULL_NAME = score("person", "full_name")
SCORE_COORDINATED = score("person", "coordinated")
SCORE_FIRST_NAME = score("person", "first_name")
SCORE_SURNAME = score("person", "surname")
SCORE_GENITIVE = score("person", "genitive")
SCORE_LOWERCASE = score("person", "lowercase")
SCORE_LOWERCASE_SURNAME = score("person", "lowercase_surname")


def _is_title(word: Word) -> bool:
    return word.key in TITLES or (word.key in ABBREVIATED_TITLES and word.abbreviated)


def _after_skipping(words: Sequence[Word], index: int, skip: frozenset[str]) -> int:
    """The index of the first word from ``index`` on that is not in ``skip``."""
    while index < len(words) and words[index].key in skip:
        index += 1
    return index


def extend_name(words: Sequence[Word], index: int) -> int:
    """The index after the last word of the name that starts at ``index``.

    Further words belong to the name when they follow on the same line with only spaces between
    and are listed names, or capitalised words that are neither nouns nor German words
    ("Anna Schmidtke"); particles join when a capitalised word follows ("Anna van der Berg").
    """
    end = index + 1
    while end < len(words) and only_spaces(words[end]):
        word = words[end]
        if word.key in PARTICLES:
            following = _after_skipping(words, end, PARTICLES)
            # "der"/"den" alone are articles unless a name follows: "Imam der Gemeinde".
            articles_only = all(w.key in ("der", "den") for w in words[end:following])
            name_follows = following < len(words) and (
                could_be_name(words[following]) if articles_only else words[following].capitalised
            )
            if name_follows and all(only_spaces(w) for w in words[end : following + 1]):
                end = following + 1
                continue
            break
        if could_be_name(word):
            end += 1
        elif word.lower and not words[index].capitalised and is_listed_name(word) and (
            name_shaped(word) or _ends_phrase(words, end)
        ):
            end += 1  # "ayse yilmaz", "marcel sauer," in a lowercase note
        else:
            break
    return end


def _ends_phrase(words: Sequence[Word], index: int) -> bool:
    """Nothing but punctuation, a line break or "und" follows: "mit marcel sauer, ..." - while in
    "lena lange geschlafen" the sentence goes on and "lange" is no surname."""
    following = words[index + 1] if index + 1 < len(words) else None
    return following is None or not only_spaces(following) or following.key in COORDINATORS


def _span(words: Sequence[Word], start: int, end: int, score: float, reason: str) -> Span:
    return (words[start].start, words[end - 1].end, score, reason)


def after_title(words: Sequence[Word]) -> Iterator[Span]:
    """"Frau Koch", "Hr. Dr. Yılmaz", "KM Ayşe", "Frau van der Berg", "frau koch"."""
    for word in words:
        if not _is_title(word) or word.gap.rstrip()[-1:].isdigit():
            continue  # "9 km Stau": kilometres, not the Kindesmutter
        start = _after_skipping(words, word.index + 1, ACADEMIC)
        if start >= len(words) or "\n" in words[start].gap:
            continue
        candidate = words[start]
        following = _after_skipping(words, start, PARTICLES)
        if candidate.key in PARTICLES and following < len(words) and words[following].capitalised:
            yield _span(words, start, extend_name(words, following), SCORE_TITLE, "Name nach Anrede")
        elif _named_by_title(word, candidate):
            yield _span(words, start, extend_name(words, start), SCORE_TITLE, "Name nach Anrede")


def _named_by_title(title: Word, candidate: Word) -> bool:
    """After "Frau"/"Herr" nearly any capitalised word is a name ("Frau Koch", "Frau Sonnenschein");
    not a role, a month or a language ("Familie Türkisch sprechen"). "Familie" is weaker: "die
    Familie Yılmaz" but "die Familie Sorgen macht"; lowercase notes need a listed name ("frau sommer")."""
    if candidate.key in TITLES | ABBREVIATED_TITLES | RELATIVES | DETERMINERS:
        return False  # "KV (Hr. Ahmadi)": the next title names the person
    listed = is_listed_name(candidate)
    if not candidate.capitalised:
        # a lowercase note writes names in lower case too: "herr licht hat angerufen"
        lowercase_note = title.lower and title.key in TITLES and not is_german_word(candidate)
        return name_shaped(candidate) or (listed and not is_german_word(candidate)) or lowercase_note
    if candidate.key in CALENDAR or candidate.key.endswith("isch"):
        return listed or title.key in PERSONAL_TITLES  # "Herr Montag", "Frau Mai"; not "Familie Türkisch"
    if title.key == "familie":
        return listed or not is_common_noun(candidate, compounds=True)
    if candidate.text.isupper():  # "Kindesmutter: IBAN ...", but "Herr MÜLLER"
        return listed
    return True


# Titles that only stand before a person's name, never before a weekday, a month or a language.
PERSONAL_TITLES = keyset({"frau", "herr", "herrn", "fr", "hr", "hrn"})


def after_relative(words: Sequence[Word]) -> Iterator[Span]:
    """"Sohn Leon", "Tochter Mia", "Mutter von Leon", "mama (ayse)"."""
    for word in words[:-1]:
        if word.key not in RELATIVES:
            continue
        index = word.index + 1
        if words[index].key in ("von", "vom") and index + 1 < len(words):
            index += 1
        candidate = words[index]
        if "\n" in candidate.gap or candidate.gap.strip(" \t(:,") != "":
            continue
        if candidate.capitalised:
            acceptable = could_be_name(candidate) and not _is_title(candidate)
        else:
            acceptable = name_shaped(candidate) and candidate.key not in LANGUAGES
        if acceptable and candidate.key not in RELATIVES and candidate.key not in DETERMINERS:
            yield _span(words, index, extend_name(words, index), SCORE_CONTEXT, "Name nach Verwandtschafts- oder Rollenwort")


def genitive(words: Sequence[Word]) -> Iterator[Span]:
    """"Leons Mutter", "Jonas' Oma": a genitive before a relative."""
    for word in words[:-1]:
        following = words[word.index + 1]
        apostrophe = following.gap[:1] in ("'", "’") and following.gap[1:].strip(" \t") == ""
        if following.key not in RELATIVES or not (only_spaces(following) or apostrophe):
            continue
        base = word.key if apostrophe else word.key[:-1] if word.key.endswith("s") else None
        saxon = word.key[-2:] in ("'s", "’s")  # "arezo's mama": no German noun takes an apostrophe s
        if word.capitalised:
            accepted = base and (base in first_names() or base in surnames() or not is_common_noun(word, compounds=True))
        elif saxon:
            accepted = len(word.key) > MIN_LOWERCASE_NAME + 2 and word.key[:-2] not in german_words()
        else:  # "helens mutter" in a lowercase note: only listed first names
            accepted = base in first_names() and not is_german_word(word) and word.key not in german_nouns()
        if accepted:
            yield (word.start, word.end + apostrophe, SCORE_CONTEXT, "Genitiv vor Verwandtschaftswort")


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _names_between(
    words: Sequence[Word], start: int, end: int, accept: Callable[[Word], bool], score: float, reason: str
) -> Iterator[Span]:
    """Every name in the characters ``start:end`` that begins with a word ``accept`` takes."""
    index = bisect_left(words, start, key=lambda word: word.start)
    while index < len(words) and words[index].start < end:
        if accept(words[index]):
            stop = extend_name(words, index)
            yield _span(words, index, stop, score, reason)
            index = stop
        else:
            index += 1


def in_lists(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """Names in "Anwesend: Frau Koch, Leon, Herr Yılmaz (KV)" and in bullet lines below the header."""
    for header in LIST_HEADERS.finditer(text):
        end = _line_end(text, header.end())
        if not text[header.end() : end].strip():  # header alone on its line: the bullets below
            end = _bullets_end(text, end)
        yield from _names_between(words, header.end(), end, _listed_person, SCORE_CONTEXT, "Name in Teilnehmerliste")


def _listed_person(word: Word) -> bool:
    return could_be_name(word) and not _is_title(word)


def _field_name(word: Word) -> bool:
    """Whole nouns only count against a name in a name field: "Nachname: Sommer", not "Name: Kita"."""
    if _is_title(word) or word.key in ACADEMIC or word.text.isupper() or not word.capitalised:
        return False
    return is_listed_name(word) or not (is_common_noun(word) or is_german_word(word))


FIELD_GAP = re.compile(r"\t|[ ]{3}|\.[ ]")


def name_fields(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """"Name des Kindes: Noah Müller", "Nachname: Sommer", "Kontoinhaberin: Drita Hoxha", "gez. Koch"."""
    for field in NAME_FIELDS.finditer(text):
        end = _line_end(text, field.end())
        next_field = FIELD_GAP.search(text, field.end(), end)  # "Rufname: Su          Geburtsort: ..."
        end = next_field.start() if next_field else end
        yield from _names_between(words, field.end(), end, _field_name, SCORE_TITLE, "Name in Formularfeld")


def table_cells(text: str, words: Sequence[Word]) -> Iterator[Span]:
    """Cells of table rows made of name words only: "| Aminata Traoré | Ibrahim, Fanta |"."""
    position = 0
    for line in text.splitlines(keepends=True):
        if len(CELL_SEPARATORS.findall(line)) >= 2:
            for cell in re.finditer(r"[^|\t;,]+", line):
                start, end = position + cell.start(), position + cell.end()
                first = bisect_left(words, start, key=lambda word: word.start)
                inner = [w for w in words[first:] if w.end <= end] if first < len(words) else []
                inner = inner[: next((i for i, w in enumerate(inner) if w.start >= end), len(inner))]
                if _name_cell(inner):
                    yield (inner[0].start, inner[-1].end, SCORE_CONTEXT, "Name in Tabellenzeile")
        position += len(line)


def _name_cell(inner: list[Word]) -> bool:
    """A table cell holding a name: no German noun at all (header cells like "Name", "Kind"),
    a first word that could be a name, further words capitalised ("Quirin Lüdekind") or particles;
    a single word must be a listed name."""
    if not 0 < len(inner) <= 4 or any(is_common_noun(w) for w in inner) or not could_be_name(inner[0]):
        return False
    if not all(w.capitalised or w.key in PARTICLES for w in inner):
        return False
    return len(inner) > 1 or is_listed_name(inner[0])


def _bullets_end(text: str, position: int) -> int:
    """The end of the bullet lines following ``position`` (a line break)."""
    for line in re.finditer(r"\n[ \t]*(?:[-•*–]|\d+\.)?[ \t]*([^\n]*)", text[position:]):
        if not line.group(1).strip() or ":" in line.group(1):
            return position + line.start()
    return len(text)


def signatures(words: Sequence[Word]) -> Iterator[Span]:
    """The name after a closing: "Liebe Grüße, Nadia", "Viele Grüße\nAnna Schmidt", "lg nadia"."""
    for closing in words[:-1]:
        if closing.key not in CLOSINGS:
            continue
        word = words[closing.index + 1]
        if word.gap.count("\n") > 2 or word.gap.strip(" \t\n,!.") != "":
            continue
        acceptable = could_be_name(word) if word.capitalised else name_shaped(word) or is_listed_name(word)
        if acceptable and not _is_title(word):
            yield _span(words, word.index, extend_name(words, word.index), SCORE_CONTEXT, "Name nach Grußformel")


def salutations(words: Sequence[Word]) -> Iterator[Span]:
    """"Liebe Nadia,", "Hallo Leon", at the start of a line."""
    for word in words[:-1]:
        if word.key not in SALUTATIONS or not word.sentence_start:
            continue
        candidate = words[word.index + 1]
        if not only_spaces(candidate) or not candidate.capitalised or _is_title(candidate):
            continue
        if could_be_name(candidate):
            yield _span(words, candidate.index, extend_name(words, candidate.index), SCORE_CONTEXT, "Name in Anrede")


def listed_names(words: Sequence[Word]) -> Iterator[Span]:
    """Gazetteer names without context, through the precision filter."""
    index = 0
    while index < len(words):
        word = words[index]
        first, last = is_first_name(word), is_surname(word)
        if not (first or last):
            index += 1
            continue
        if word.text.isupper():  # acronyms ("IBAN", "ASD") are no names without context
            index += 1
            continue
        if word.capitalised and passes_filter(words, word, surname_only=not first):
            stop = extend_name(words, index)
            if stop - index > 1:
                yield _span(words, index, stop, SCORE_FULL_NAME, "Vor- und Nachname aus Namensliste")
            else:
                score, reason = (SCORE_FIRST_NAME, "Vorname aus Namensliste") if first else (SCORE_SURNAME, "Nachname aus Namensliste")
                yield (word.start, word.end, score, reason)
            index = stop
            continue
        long_enough = first or len(word.key) >= MIN_LOWERCASE_SURNAME
        if word.lower and long_enough and name_shaped(word) and passes_filter(words, word, surname_only=not first):
            stop = extend_name(words, index)
            if first or stop - index > 1:
                yield _span(words, index, stop, SCORE_LOWERCASE, "kleingeschriebener Name aus Namensliste")
            else:
                yield (word.start, word.end, SCORE_LOWERCASE_SURNAME, "kleingeschriebener Nachname aus Namensliste")
            index = stop
            continue
        if word.capitalised and word.key.endswith("s") and word.key[:-1] in first_names() and not word.sentence_start:
            base_is_noun = word.key[:-1] in german_nouns() or word.key in german_nouns()
            if not base_is_noun:  # genitive "Leons" elsewhere than before a relative
                yield (word.start, word.end, SCORE_GENITIVE, "Genitiv eines Vornamens")
        index += 1


def coordinated(words: Sequence[Word], spans: list[Span]) -> Iterator[Span]:
    """Names joined to a name found in context: "Eltern von Luis und Hira", "Sohn Leon, Tochter Mia"."""
    ends = {word.end: word.index for word in words}
    for _, end, score, _ in spans:
        index = ends.get(end)
        if index is None or score < SCORE_CONTEXT or index + 1 >= len(words):
            continue
        link = words[index + 1]
        if link.gap.strip(" \t") == ",":  # "Leon, Mia" - but not "Claudia Neumann, Kassenwartin"
            candidate = link
            if not is_listed_name(candidate):
                continue
        elif link.key in COORDINATORS and only_spaces(link) and index + 2 < len(words) and only_spaces(words[index + 2]):
            candidate = words[index + 2]
        else:
            continue
        if could_be_name(candidate) and candidate.key not in TITLES and candidate.key not in RELATIVES:
            yield _span(words, candidate.index, extend_name(words, candidate.index), SCORE_COORDINATED, "Name in Aufzählung mit einem Namen")


def lowercase_pairs(words: Sequence[Word], spans: list[Span]) -> Iterator[Span]:
    """In a lowercase note, a word joined by "und" or a comma to a lowercase name is a name too when
    German has no such word: "konni und ecrin sind eh immer zuerst da"."""
    starts = {word.start: word.index for word in words}
    ends = {word.end: word.index for word in words}
    for start, end, _, _ in spans:
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None or not words[first].lower:
            continue
        for candidate, link in ((first - 2, first - 1), (last + 2, last + 1)):
            if not (0 <= candidate < len(words) and 0 <= link < len(words)):
                continue
            joined = words[link].key in COORDINATORS and only_spaces(words[link]) and only_spaces(words[max(candidate, link)])
            if joined and words[candidate].lower and name_shaped(words[candidate]) and words[candidate].key not in NOT_SURNAMES:
                word = words[candidate]
                yield (word.start, word.end, SCORE_LOWERCASE, "kleingeschriebener Name in Aufzählung mit einem Namen")


NOT_SURNAMES = TITLES | RELATIVES | ROLES | DETERMINERS | CALENDAR | LANGUAGES | COORDINATORS | ORGANISATION_UNITS | NOT_NAMES_IN_SLOTS


def surnames_that_are_words(words: Sequence[Word], in_context: list[Span], spans: list[Span]) -> Iterator[Span]:
    """A capitalised German word right after a first name is its surname where the name stands in
    context or the word ends the phrase: "Kind Lasse Wiese", "Die Ersthelferin Ines Plate hat",
    "mit Emil Rabe." - but not "dass Mia Eis essen will"."""
    ends = {word.end: word.index for word in words}
    context_ends = {end for _, end, score, _ in in_context if score >= SCORE_CONTEXT}
    for start, end, score, _ in spans:
        index = ends.get(end)
        if index is None or index + 1 >= len(words):
            continue
        last, candidate = words[index], words[index + 1]
        if not (is_first_name(last) and only_spaces(candidate) and candidate.capitalised) or candidate.text.isupper():
            continue
        if candidate.key in NOT_SURNAMES or candidate.key in places() or is_listed_name(candidate):
            continue  # listed surnames are joined by extend_name already
        if not (is_common_noun(candidate, compounds=True) or is_german_word(candidate)):
            continue
        if end in context_ends or _ends_phrase(words, candidate.index):
            yield (start, candidate.end, score, "Vor- und Nachname, der auch ein deutsches Wort ist")


# A list of names needs this many items, most of them already known as names.
MIN_LIST_ITEMS = 3


def _list_items(words: Sequence[Word]) -> Iterator[list[list[Word]]]:
    """Comma or "und" separated runs of up to three words each, as in "Igel: Ernst, Deon, Van und Sonne"."""
    items: list[list[Word]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if items and word.gap.strip(" \t") == "," and "\n" not in word.gap:
            items.append([word])
        elif items and only_spaces(word) and word.key in COORDINATORS and index + 1 < len(words) and only_spaces(words[index + 1]):
            index += 1
            items.append([words[index]])
        elif items and only_spaces(word) and len(items[-1]) < 3:
            items[-1].append(word)
        else:
            if len(items) >= MIN_LIST_ITEMS:
                yield items
            items = [[word]]
        index += 1
    if len(items) >= MIN_LIST_ITEMS:
        yield items


BULLETS = ("-", "•", "*", "–")


def _bullet_items(words: Sequence[Word]) -> Iterator[list[list[Word]]]:
    """Consecutive bullet lines, each item the first words of its line up to three:
    "- Branok Duale (krank)" -> [Branok, Duale]."""
    items: list[list[Word]] = []
    for word in words:
        if "\n" in word.gap and word.gap.strip(" \t\n").endswith(BULLETS):
            items.append([word])
        elif "\n" in word.gap:
            if len(items) >= MIN_LIST_ITEMS:
                yield items
            items = []
        elif items and len(items[-1]) < 3 and items[-1][-1].index == word.index - 1 and only_spaces(word):
            items[-1].append(word)
    if len(items) >= MIN_LIST_ITEMS:
        yield items


def _leading_name_words(item: list[Word]) -> list[Word]:
    """The words of a list item up to the first that cannot be part of a name ("staanislaw beim turnen")."""
    leading: list[Word] = []
    for word in item:
        blocked = word.key in TITLES or word.key in RELATIVES or word.key in DETERMINERS or never_a_name(word.key)
        # A capitalised adjective inside an item is part of a name ("Branok Duale"), a lowercase one is not.
        if blocked or (is_german_word(word) and not word.capitalised) or not name_shaped(word):
            break
        leading.append(word)
    return leading


def names_in_lists_of_names(words: Sequence[Word], spans: list[Span]) -> Iterator[Span]:
    """Unknown words in a list made mostly of names are names too - comma lists ("Bärengruppe: Bohumil,
    Omaar, Rabia, Sonne") and bullet lines: spelling mistakes, rare names and names that are German
    nouns ("Sonne", "Engel")."""
    starts = sorted(start for start, _, _, _ in spans)
    ends = sorted(end for _, end, _, _ in spans)

    def named(item: list[Word]) -> bool:  # some span overlaps the item
        return bisect_left(starts, item[-1].end) > bisect_left(ends, item[0].start + 1)

    for items in chain(_list_items(words), _bullet_items(words)):
        known = [item for item in items if named(item)]
        if len(known) < 2 or 2 * len(known) <= len(items):
            continue
        # Nouns count as names only among first names ("Ernst, Deon, Sonne"), not in
        # "Frau Koch, Herr Yılmaz, Jugendamt".
        nouns_allowed = all(len(item) == 1 for item in known)
        for item in items:
            leading = [] if named(item) else _leading_name_words(item)
            if any(is_common_noun(w, compounds=True) and not is_listed_name(w) for w in leading) and not nouns_allowed:
                continue
            if leading:
                yield (leading[0].start, leading[-1].end, SCORE_COORDINATED, "Name in einer Aufzählung von Namen")


@register
class PersonRecognizer(WordRecognizer):
    """The hybrid person detector (see the module docstring)."""

    ENTITY = "PERSON"

    def find(self, text: str, words: Sequence[Word], nlp_artifacts: NlpArtifacts | None) -> list[Span]:
        in_context = [
            *after_title(words),
            *after_relative(words),
            *genitive(words),
            *in_lists(text, words),
            *name_fields(text, words),
            *table_cells(text, words),
            *signatures(words),
            *salutations(words),
            *layout_names(text, words),
            *initial_names(text),
            *names_before_brackets(text, words),
            *names_in_brackets(text),
            *other_script_names(text, words),
        ]
        found = [
            *in_context,
            *coordinated(words, in_context),
            *listed_names(words),
            *ner_persons(words, nlp_artifacts),
            *ner_misread_names(words, nlp_artifacts),
        ]
        found += list(surnames_that_are_words(words, in_context, found))
        found += list(lowercase_pairs(words, found))
        return found + list(names_in_lists_of_names(words, found))
