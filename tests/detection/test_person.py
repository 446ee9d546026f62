"""PERSON: the hybrid person detector (context, name lists, NER, precision filter) on the real detector."""
from __future__ import annotations

import pytest
import spacy

from anonymizer.config import Settings
from anonymizer.detection import Detector
from names_support import NAME_LABELS, read_marked
from patterns_support import check_case, negatives, positives

CONTEXT = 0.85  # a name found through its context scores at least this
LISTED = 0.5  # a name found through the name lists alone

POSITIVES = positives(
    "PERSON",
    [
        # titles and abbreviations, titles kept out of the span
        ("Heute war Frau Koch mit Leon da.", "Koch", CONTEXT),
        ("Frau Sommer holt ab.", "Sommer", CONTEXT),
        ("Herr Wolf ruft zurück.", "Wolf", CONTEXT),
        ("Fr. Sonnenschein kam später.", "Sonnenschein", CONTEXT),
        ("Hr. Yılmaz hat angerufen.", "Yılmaz", CONTEXT),
        ("Gespräch mit KM Ayşe Yilmaz.", "Ayşe Yilmaz", CONTEXT),
        ("Der KV Herr Dr. Schmidt kam nicht.", "Schmidt", CONTEXT),
        ("Rücksprache mit KV (Hr. Ahmadi) am Mo.", "Ahmadi", CONTEXT),
        ("Kindesmutter Frau Kowalczyk wartet.", "Kowalczyk", CONTEXT),
        # hyphens, particles, diacritics and their transliterations
        ("Anna-Lena Meyer-Özkan kam später.", "Anna-Lena Meyer-Özkan", 0.8),
        ("Termin mit Frau van der Berg.", "van der Berg", CONTEXT),
        ("Herr El-Amin bringt die Unterlagen.", "El-Amin", CONTEXT),
        ("Gespräch mit Herrn al-Hassan.", "al-Hassan", CONTEXT),
        ("Ayse Yilmaz war da.", "Ayse Yilmaz", 0.8),
        ("Özlem Öztürk und Oezlem Oeztuerk", "Oezlem Oeztuerk", 0.8),
        # relatives, genitives, coordinated names
        ("Leons Mutter hat angerufen.", "Leons", CONTEXT),
        ("Jonas' Oma holt ab.", "Jonas'", 0.5),
        ("Die Mutter von Emil kam später.", "Emil", CONTEXT),
        ("Ihr Sohn Levin schläft schlecht.", "Levin", CONTEXT),
        ("Sohn Leon und Tochter Mia", "Mia", CONTEXT),
        ("Die Eltern von Luis und Hira bringen Kuchen.", "Hira", 0.8),
        # unknown words in a list made mostly of names: rare names, typos, names that are nouns
        ("Gruppe Bärengruppe: Bohumil, Omaar, Rabia, Kornelija", "Omaar", 0.8),
        ("Gruppe Eulen: Frieda, Sonne, Hans und Baseer-Leigh", "Sonne", 0.8),
        ("heute: baiba, bohdan, staanislaw beim turnen", "staanislaw", 0.8),
        ("Anwesenheit Sonnengruppe\n- Branok Duale\n- Niara Arslan\n- Mehmet Yilmaz (krank)", "Branok Duale", 0.8),
        # lists, signatures, salutations
        ("Anwesend: Frau Yılmaz, Herr Berg (KV), Leon", "Berg", CONTEXT),
        ("Teilnehmende: Kerstin Janßen, Mehmet Aydın", "Kerstin Janßen", CONTEXT),
        ("Liebe Grüße, Nadia", "Nadia", CONTEXT),
        ("Viele Grüße\nJonas Weber\nKita Sonnenblume", "Jonas Weber", CONTEXT),
        ("Mit freundlichen Grüßen\nSvetlana Kovalenko", "Svetlana Kovalenko", CONTEXT),
        ("LG Zeynep", "Zeynep", CONTEXT),
        ("Hallo Herr Müller, danke.", "Müller", CONTEXT),
        ("Liebe Nadia,\nvielen Dank.", "Nadia", CONTEXT),
        # form fields and table rows
        ("Name des Kindes: Noah Sommer", "Noah Sommer", CONTEXT),
        ("Nachname: Kraszewski-Obi", "Kraszewski-Obi", CONTEXT),
        ("Kontoinhaberin: Drita Hoxha, IBAN folgt", "Drita Hoxha", CONTEXT),
        ("gez. Koch", "Koch", CONTEXT),
        ("Nr. | Name | Kind\n1 | Ayşe Yılmaz | Emre | ✓", "Emre", CONTEXT),
        ("Nr. | Name | Kind\n2 | Quirin Lüdekind | Zorabel Nkemba | ✓", "Quirin Lüdekind", CONTEXT),
        # lowercase quick notes
        ("heute war leon wieder müde, mama (ayse) holt ihn ab", "leon", 0.4),
        ("heute war leon wieder müde, mama (ayse) holt ihn ab", "ayse", CONTEXT),
        ("tel mit frau sommer wg antrag", "sommer", CONTEXT),
        ("hebamme lindner kennt sie", "lindner", CONTEXT),
        ("neu angemeldet: kowalczyk, unterlagen fehlen", "kowalczyk", 0.4),
        ("der kontakt zum vater, marcel sauer, ist selten", "marcel sauer", CONTEXT),
        ("ausschlag bei helen. helens mutter ist informiert", "helens", CONTEXT),
        ("eltern nguyen van hung u. le thi hoa, schützenbahn 12", "le thi hoa", 0.7),
        # names of many origins from the name lists alone
        ("Sophie spielte mit Mohammed.", "Mohammed", LISTED),
        ("Semere Tesfay kam mit Saba.", "Semere Tesfay", 0.8),
        ("Arben Hoxha hat unterschrieben.", "Arben Hoxha", 0.8),
        ("Gestern war Rojda krank.", "Rojda", LISTED),
        ("Hodan Abdi bringt die Formulare.", "Hodan Abdi", 0.8),
        ("Fatoumata Diallo ist neu in der Gruppe.", "Fatoumata Diallo", 0.8),
        ("Katarzyna Wiśniewska war beim Fest.", "Katarzyna Wiśniewska", 0.8),
        ("Oleksandr Shevchenko ist angekommen.", "Oleksandr Shevchenko", 0.8),
        ("Wir haben mit Schewtschenko gesprochen.", "Schewtschenko", LISTED),
        ("Sofiia malt gern.", "Sofiia", LISTED),
        ("Mursal Ahmadzai kommt morgen.", "Mursal Ahmadzai", 0.8),
        ("Gestern hat Nguyen Thi Lan angerufen.", "Nguyen Thi Lan", 0.8),
        ("Büşra Öztürk fehlt heute.", "Büşra Öztürk", 0.8),
        ("Zahra Hosseini ist Dolmetscherin.", "Zahra Hosseini", 0.8),
        ("Dann hat Giorgos Papadopoulos angerufen.", "Giorgos Papadopoulos", 0.8),
    ],
)

NEGATIVES = negatives(
    "PERSON",
    [
        "Der Koch hat heute Nudeln gekocht.",
        "Im Sommer fahren wir an den Berg.",
        "Der Wolf im Märchen frisst die Großmutter.",
        "Die Mutter und die Erzieherin sprachen mit dem Kindesvater.",
        "Das Jugendamt und das Amt für Soziale Dienste sind informiert.",
        "Die Mutter besucht die Volkshochschule und das Mütterzentrum.",
        "Das Gesundheitsamt hat geschrieben.",
        "Sprachförderung im Elterncafé, danach kommt der Kinderarzt.",
        "Am Montag im Mai beginnt die Eingewöhnung, im August das Sommerfest.",
        "Die Familie spricht Arabisch und Türkisch.",
        "Klein ist er nicht. Lange haben wir gewartet.",
        "Heute Morgen war es ruhig in der Gruppe.",
        "Liebe Eltern, viele Grüße vom Kita-Team",
        "Hallo zusammen,\ndas Elterncafé fällt aus.",
        "Die Familie macht sich Sorgen um die Wohnung.",
        "IBAN und BIC stehen auf dem Formular.",
        "Wir feiern Laternenfest, St. Martin reitet voran.",
        "dolmetscher dari ist bestellt",
        "gestern hat sie lange geschlafen",
        "kita-leitung sagt: sprachförderung geht weiter",
        "Name der Einrichtung: Kita Sonnenblume",
        "Unfall, 9 km Stau, Zeitverlust bis zu 20 Min.",
        "Wir brauchen Stifte, Papier, Kleber und Scheren.",
        "Einkauf:\n- Milch\n- Brot\n- Äpfel",
        "Datum | Thema | Ort\n12.03. | Sprachförderung | Turnhalle\n19.03. | Elterncafé | Gruppe Igel",
    ],
)


@pytest.mark.parametrize(("label", "text", "expected", "min_score"), POSITIVES + NEGATIVES)
def test_person_cases(detector, label, text, expected, min_score):
    check_case(detector, label, text, expected, min_score)


def test_context_outscores_name_list(detector):
    scores = {f.text: f.score for f in detector.analyze("Frau Haddad und Mohammed", entities=["PERSON"])}
    assert scores["Haddad"] > scores["Mohammed"] >= LISTED


def test_language_next_to_a_name_stays(detector):
    found = {f.text for f in detector.analyze("Leon spricht Arabisch.", entities=["PERSON"])}
    assert found == {"Leon"}


@pytest.mark.parametrize("name", ["person_fallbericht.txt", "person_protokoll.txt", "person_schnellnotizen.txt"])
def test_realistic_notes_find_every_name_and_nothing_else(detector, name):
    note = read_marked(name)
    findings = [f for f in detector.analyze(note.text) if f.label in NAME_LABELS]
    missed = [
        (note.text[start:end], label)
        for start, end, label in note.spans
        if not any(f.label == label and f.start <= start and end <= f.end for f in findings)
    ]
    spurious = [
        (f.text, f.label)
        for f in findings
        if not any(f.label == label and f.start < end and start < f.end for start, end, label in note.spans)
    ]
    assert missed == [], f"missed in {name}: {missed}"
    assert spurious == [], f"false positives in {name}: {spurious}"


@pytest.fixture(scope="module")
def ner_detector(tmp_path_factory) -> Detector:
    """A real spaCy pipeline whose NER (an entity ruler) tags people, right and wrong."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Zorabel"},
            {"label": "PER", "pattern": "Sommer"},
            {"label": "PER", "pattern": "Sprachförderung"},
            {"label": "PER", "pattern": [{"TEXT": "Quirin"}, {"TEXT": "Lüdekind"}]},
            {"label": "PER", "pattern": [{"TEXT": "Luis"}, {"TEXT": "und"}, {"TEXT": "Hira"}]},
            {"label": "PER", "pattern": "IBAN"},
            {"label": "LOC", "pattern": "Lina"},
            {"label": "LOC", "pattern": "Armut"},
            {"label": "LOC", "pattern": "Tenever"},
            {"label": "LOC", "pattern": "Hamburg"},
            {"label": "ORG", "pattern": "Kita"},
            {"label": "ORG", "pattern": [{"TEXT": "Brixolum"}, {"TEXT": "Logistik"}]},
        ]
    )
    path = tmp_path_factory.mktemp("ner") / "pipeline"
    nlp.to_disk(path)
    return Detector(Settings(model=str(path)))


def test_ner_persons_pass_the_precision_filter(ner_detector):
    text = "Zorabel und Quirin Lüdekind kommen im Sommer zur Sprachförderung. IBAN folgt."
    found = {f.text: f for f in ner_detector.analyze(text, entities=["PERSON"])}
    assert set(found) == {"Zorabel", "Quirin Lüdekind"}
    assert found["Zorabel"].recognizer == "PersonRecognizer"


def test_ner_person_span_is_split_at_german_words(ner_detector):
    found = {f.text for f in ner_detector.analyze("Die Eltern von Luis und Hira kommen.", entities=["PERSON"])}
    assert found == {"Luis", "Hira"}


def test_ner_places_and_organisations_pass_their_filters(ner_detector):
    text = "Lina lebt in Armut, die Kita liegt in Tenever, Fortbildung in Hamburg, Vater fährt für Brixolum Logistik."
    found = {(f.text, f.label) for f in ner_detector.analyze(text) if f.label in NAME_LABELS}
    assert found == {("Lina", "PERSON"), ("Tenever", "LOCATION"), ("Brixolum Logistik", "ORGANIZATION")}


def test_ethnic_group_next_to_a_family_name_is_origin(detector):
    found = {(f.text, f.label) for f in detector.analyze("Familie Berisha (Roma, aus Prizren) kam zum Elterncafé.")}
    assert ("Berisha", "PERSON") in found
    assert ("Roma", "NRP") in found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rücksprache mit KV (Hr. Ahmadi) am Mo.", {"Ahmadi"}),
        ("Frau Dr. med. Anna Koch kam mit Herrn Prof. Weber.", {"Anna Koch", "Weber"}),
        ("Vater: Dragan Petrović, Mutter: Jelena Petrović", {"Dragan Petrović", "Jelena Petrović"}),
    ],
)
def test_titles_and_roles_stay_outside_the_name(detector, text, names):
    assert {f.text for f in detector.analyze(text, entities=["PERSON"])} == names


def test_a_list_of_titled_names_does_not_make_its_nouns_names(detector):
    findings = detector.analyze("Anwesend: Frau Koch, Herr Yılmaz, Jugendamt")
    assert [f.text for f in findings if f.label == "PERSON"] == ["Koch", "Yılmaz"]


def test_lowercase_surname_that_is_a_word_joins_a_name_only_at_the_end_of_a_phrase(detector):
    persons = [f.text for f in detector.analyze("heute mit lena lange gespielt") if f.label == "PERSON"]
    assert persons == ["lena"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("Gespräch mit Ahmad bin Laden.", "Ahmad bin Laden"), ("Termin mit Anna van der Berg.", "Anna van der Berg")],
)
def test_particles_join_the_surname_after_them(detector, text, name):
    assert name in [f.text for f in detector.analyze(text) if f.label == "PERSON"]


def test_an_article_after_a_name_joins_no_noun(detector):
    texts = [f.text for f in detector.analyze("Der Imam der Gemeinde hilft beim Übersetzen.")]
    assert not any("Gemeinde" in text for text in texts)
