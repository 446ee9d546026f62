"""The cleaned version of minutes passes its own check: our stand-ins are no findings, and a family
whose names were replaced is no "Familie nicht im Einwilligungsregister"."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from anonymizer.consent.store import ConsentStore
from anonymizer.db import get_engine
from anonymizer.minutes import BLOCK, RELEASE, check_minutes
from minutes_support import sample_register

MINUTES = sorted((Path(__file__).parent / "data" / "minutes").glob("*.txt"))
TODAY = dt.date(2026, 3, 20)


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> ConsentStore:
    store = sample_register(tmp_path_factory.mktemp("register"))
    yield store
    get_engine.cache_clear()


def test_there_are_enough_minutes_of_many_kinds():
    assert len(MINUTES) >= 6
    texts = [path.read_text(encoding="utf-8") for path in MINUTES]
    assert sum("TOP 2" in text for text in texts) >= 3 and all("Datum:" in text for text in texts)


@pytest.mark.parametrize("path", MINUTES, ids=[path.stem for path in MINUTES])
def test_the_cleaned_version_passes_its_own_check(path, register, detector):
    original = check_minutes(path.read_text(encoding="utf-8"), register, today=TODAY)
    again = check_minutes(original.cleaned, register, today=TODAY)
    assert (again.verdict, again.reasons, again.personal_data, again.meetings) == (RELEASE, [], [], [])
    assert again.cleaned == original.cleaned


def test_minutes_with_family_data_do_block_before_cleaning(register, detector):
    blocked = [path.stem for path in MINUTES
               if check_minutes(path.read_text(encoding="utf-8"), register, today=TODAY).verdict == BLOCK]
    assert len(blocked) == len(MINUTES) - 1  # all but the team meeting


def test_stand_ins_of_every_operator_are_no_findings(register, detector):
    text = ("Datum: 12.03.2026\nKind: Kind A, Mutter: Mutter von Kind A\nGespräch mit Mutter von Kind A, Fachkraft B und der Fachkraft des Jugendamts "
            "in [Ort]. Kind A (3–4 J.), geb. 2021, kam im Oktober 2025 in die Kita; Schwester von Kind A ist "
            "unter 1 J. Rückruf über [TELEFON_1], Frau [PERSON_1] ist informiert.")
    report = check_minutes(text, register, today=TODAY)
    assert (report.verdict, report.personal_data, report.meetings) == (RELEASE, [], [])


def test_a_real_age_is_still_found_though_it_looks_like_a_stand_in(register, detector):
    report = check_minutes("Datum: 12.03.2026\nFinn Müller (4 Jahre) schläft schlecht.", register, today=TODAY)
    assert "ALTER" in {d.label for d in report.personal_data} and "4 Jahre" not in report.cleaned


def test_a_real_name_beside_stand_ins_is_still_found(register, detector):
    report = check_minutes("Datum: 12.03.2026\nKind A spielt mit Leon Yılmaz in [Ort].", register, today=TODAY)
    assert [d.text for d in report.personal_data] == ["Leon Yılmaz"]
    assert report.cleaned.startswith("Datum: 12.03.2026\nKind A spielt mit ") and "[Ort]" in report.cleaned
