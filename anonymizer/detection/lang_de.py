"""German vocabulary of the detector, in one place (as spaCy keeps ``lang/de`` apart from its algorithms).

Titles, relatives and roles, particles, determiners, calendar words, languages and the labels of
form fields and lists: word sets in lookup form (``keyset``), and the few regexes built from them.
Recognizers import what they need from here instead of keeping copies.
"""
from __future__ import annotations

import re

from anonymizer.detection.recognizers.words import keyset

# Words before a name. Abbreviations count only with their dot ("Fr. Koch"), see _is_title.
TITLES = keyset({"frau", "herr", "herrn", "familie", "km", "kv", "kindesmutter", "kindesvater", "kindsmutter", "kindsvater"})
ABBREVIATED_TITLES = keyset({"fr", "hr", "hrn", "fam"})
# Skipped between a title and the name: "Frau Dr. med. Koch".
ACADEMIC = keyset({"dr", "prof", "med", "dipl", "päd", "psych", "mag"})
# Relatives and roles: "Sohn Leon", "Erzieherin Maria", "Leons Mutter", "Mutter von Leon".
RELATIVES = keyset(
    {
        "sohn", "tochter", "kind", "kinder", "bruder", "schwester", "geschwister", "zwilling",
        "zwillinge", "mutter", "vater", "mama", "papa", "mami", "papi", "eltern", "oma", "opa",
        "großmutter", "großvater", "tante", "onkel", "cousin", "cousine", "enkel", "enkelin",
        "neffe", "nichte", "stiefvater", "stiefmutter", "pflegemutter", "pflegevater", "pflegekind",
        "freund", "freundin", "partner", "partnerin", "ehemann", "ehefrau", "baby", "säugling",
        "erzieherin", "erzieher", "kollegin", "kollege", "lehrerin", "lehrer", "betreuerin",
        "betreuer", "sozialarbeiterin", "sozialarbeiter", "leiterin", "leiter", "familie",
        "hebamme", "familienhebamme", "ärztin", "arzt", "kinderärztin", "kinderarzt", "therapeutin",
        "therapeut", "logopädin", "logopäde", "dolmetscherin", "dolmetscher", "vermieter",
        "vermieterin", "nachbarin", "nachbar", "vormund", "familienhelferin", "familienhelfer",
        "praktikantin", "praktikant", "integrationshelferin", "schulbegleiterin",
    }
)
COORDINATORS = keyset({"und", "sowie", "oder", "bzw"})
# Before a name these make it a salutation, at the start of a line.
SALUTATIONS = keyset({"hallo", "hi", "hey", "moin", "liebe", "lieber", "servus", "guten"})
LIST_HEADERS = re.compile(
    r"^[ \t]*(?:anwesend|abwesend|entschuldigt|teilnehmende|teilnehmer(?:\*?innen)?|teilnehmerinnen"
    r"|gäste|protokoll|protokollantin|moderation|verteiler|an|cc|vertretung)[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
# Form fields whose value is a name: any capitalised word there is one ("Nachname: Sommer").
NAME_FIELDS = re.compile(
    r"^[ \t]*(?:(?:vor|nach|familien|geburts|ruf)?name(?:n)?(?:[ \t]+(?:des[ \t]+kindes|der[ \t]+mutter|des[ \t]+vaters|der[ \t]+eltern))?|kind|kinder"
    r"|kontoinhaber(?:in)?|unterschrift|ansprechpartner(?:in)?|erziehungsberechtigte[rn]?"
    r"|sorgeberechtigte[rn]?|bezugsperson|abholberechtigt(?:e[rn]?)?|gez)[ \t]*[:.]",
    re.IGNORECASE | re.MULTILINE,
)
# Table rows ("1 | Ayşe Yılmaz | Emre | ✓"): a cell of name words is a name.
CELL_SEPARATORS = re.compile(r"[|\t;]")
# The last word of a closing: "Liebe Grüße", "Mit freundlichen Grüßen", "LG", "VG".
CLOSINGS = keyset({"grüße", "gruß", "grüßen", "lg", "vg", "mfg", "bg", "glg"})
# Name particles inside a name ("van der Berg", "bin Laden") and as hyphen prefixes ("al-Hassan").
PARTICLES = keyset({"van", "von", "der", "den", "de", "da", "di", "del", "della", "dos", "du", "le", "la", "al", "el", "ibn", "bin", "abu", "ter", "ten", "zu", "mac"})
DETERMINERS = keyset(
    {
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
        "kein", "keine", "im", "am", "vom", "zum", "zur", "beim", "ins", "ans", "unser", "unsere",
        "dieser", "diese", "diesen", "jeder", "jede", "mein", "meine", "sein", "seine", "ihr", "ihre",
    }
)
# Languages are no names: "Dolmetscher Dari", "spricht Tigrinya" (adjectival ones end in -isch).
LANGUAGES = keyset({"dari", "farsi", "paschto", "tigrinya", "amharisch", "kurmandschi", "sorani", "urdu", "hindi", "bengali", "twi", "wolof", "fula", "lingala", "suaheli", "swahili", "romanes", "tamil"})
SAINTS = keyset({"st", "sankt", "hl", "heilige", "heiliger", "heiligen"})
# Abbreviations and compass points that Faker lists as names somewhere ("Mio." = Millionen).
SHORT_NOUNS = keyset({"mio", "mrd", "nord", "süd", "ost", "west", "tel", "nr", "str", "abs", "min", "std"})
CALENDAR = keyset(
    {
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
        "november", "dezember", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez",
    }
)

# Roles, functions and places of work written where a name could stand ("Leitung Wenke Hollenbeck",
# "Hausmeister", "Team Krippe"): skipped before a name in a slot, never part of one.
ROLES = keyset(
    {
        "leitung", "kitaleitung", "kita-leitung", "gruppenleitung", "koordination", "fachberatung", "stellv",
        "stellvertretende", "stellvertretender", "hausmeister", "hausmeisterin", "ersthelferin", "ersthelfer", "team",
        "protokoll", "moderation", "sprachmittlerin", "sprachmittler", "fachkraft", "fachkräfte",
        "kinderschutzfachkraft", "sachbearbeiterin", "sachbearbeiter", "elternvertreterin", "elternvertreter", "fsj",
        "azubi", "auszubildende", "köchin", "sozialpädagogin", "sozialpädagoge", "heilpädagogin", "heilpädagoge",
        "kinderpflegerin", "kinderpfleger", "sozialassistentin", "tagesmutter", "tagesvater", "mitarbeiterin",
        "mitarbeiter", "schulleitung", "bezugserzieherin", "bezugserzieher",
        "koordinatorin", "koordinator", "beraterin", "berater", "psychologin", "psychologe", "richterin", "richter",
        "verfahrensbeiständin", "verfahrensbeistand", "ergotherapeutin", "ergotherapeut", "frühdienst", "spätdienst",
        "unterschrift", "unterschriften", "handzeichen", "kürzel", "gez", "hz", "gesehen", "geprüft", "im", "auftrag",
    }
)
# Units and places of work: where a slot starts with one, it names no person ("Fachbereich Jugend").
ORGANISATION_UNITS = keyset(
    {
        "fachbereich", "abteilung", "amt", "jugendamt", "kita", "krippe", "hort", "schule", "grundschule", "gruppe",
        "elternbeirat", "team", "verwaltung", "praxis", "sozialdienst", "landeshauptstadt", "stadt", "region", "familienzentrum",
    }
)
# Words that fill a form field or a cell without naming anyone ("Kind: Junge", "Mutter: unbekannt").
NOT_NAMES_IN_SLOTS = keyset(
    {
        "junge", "mädchen", "person", "personen", "niemand", "keine", "keiner", "kein", "alle", "beide", "ja", "nein",
        "unbekannt", "entfällt", "privat", "dienstlich", "siehe", "ok", "uhr", "telefon", "handy", "mobil", "mail",
        "e-mail", "fax", "adresse", "anschrift", "straße", "plz", "ort", "datum", "name", "vorname", "nachname",
        "familienname", "geburtsdatum", "klasse", "deutsch", "betreff", "aw", "wg", "re", "fw", "fwd", "tel", "nr",
        "info", "infos", "iban", "bic", "kontakt", "notfall", "hinweis", "bemerkung", "bemerkungen", "sonstiges", "summe", "gesamt",
    }
)
# Words of lists and notes that the model takes for names of organisations or people.
LIST_WORDS = keyset({"to-do", "todo", "to-dos", "todos", "fyi", "update", "updates", "info", "infos", "protokoll-ag"})
# Capitalised words before "(3)" that count things rather than name a person ("Gruppe (3)", "Plätze (12)").
COUNTED_WORDS = (
    "Gruppe", "Gruppen", "Raum", "Räume", "Zimmer", "Anlage", "Anlagen", "Seite", "Seiten", "TOP", "Punkt",
    "Punkte", "Tabelle", "Abbildung", "Kapitel", "Abschnitt", "Absatz", "Artikel", "Nr", "Klasse",
    "Stufe", "Frage", "Kinder", "Geschwister", "Familien", "Personen", "Teilnehmer", "Teilnehmende",
    "Anwesende", "Fälle", "Plätze", "Stimmen", "Mitarbeitende", "Termine", "Jahre", "Haus", "Gebäude",
)
# "Mo–Do 8–9 Uhr": weekdays as opening hours write them. Also names ("Do", "Mi" are Vietnamese), so
# only where nothing else says name.
WEEKDAY_ABBREVIATIONS = keyset({"mo", "di", "mi", "do", "fr", "sa", "so"})
