"""What goes into and comes out of the register: validated, decrypted, plain German messages."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from anonymizer.consent import languages as form_languages
from anonymizer.consent.vocabulary import get_vocabulary
from anonymizer.errors import InputError

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

# Effective states of a consent on a given day (the stored status is only "erteilt" or "widerrufen").
GRANTED, REVOKED, EXPIRED, NOT_YET_VALID = "erteilt", "widerrufen", "abgelaufen", "noch nicht gültig"


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    role: str = ""  # "Mutter", "Kind", ...
    aliases: list[Text] = []  # other spellings or names the family uses


class ParticipantSpec(BaseModel):
    """An institution, and optionally one named person of it."""

    model_config = ConfigDict(extra="forbid")

    institution: Text
    staff: Text | None = None


class ConsentInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family_id: int
    institution: Text  # the institution that registers the consent
    given_by: Text
    given_by_role: str
    participants: list[ParticipantSpec] = Field(min_length=1)
    category: str
    purpose: Text
    valid_from: dt.date
    valid_until: dt.date
    form: str
    witness: Text | None = None
    form_location: Text | None = None
    language: str = form_languages.GERMAN  # the language of the form the family signed
    explanation: str | None = None  # how the form was explained: see vocabulary.yaml
    interpreter: Text | None = None  # who interpreted, or which service
    explained_in: str | None = None  # the language it was explained in, if not the form's

    @field_validator("language", "explained_in")
    @classmethod
    def known_language(cls, code: str | None) -> str | None:
        return None if code is None else form_languages.language(code).code  # InputError is a ValueError

    @field_validator("explanation")
    @classmethod
    def known_explanation(cls, explanation: str | None) -> str | None:
        explanations = get_vocabulary().explanations
        if explanation is not None and explanation not in explanations.values():
            raise ValueError(f"unbekannt; erlaubt: {', '.join(explanations.values())}")
        return explanation

    @field_validator("given_by_role")
    @classmethod
    def known_role(cls, role: str) -> str:
        roles = get_vocabulary().roles
        if role not in roles:
            raise ValueError(f"unbekannt; erlaubt: {', '.join(roles)}")
        return role

    @field_validator("category")
    @classmethod
    def known_category(cls, category: str) -> str:
        vocabulary = get_vocabulary()
        name = vocabulary.category(category)
        if name is None:
            raise ValueError(f"unbekannt; erlaubt: {', '.join(vocabulary.category_names)}")
        return name

    @field_validator("form")
    @classmethod
    def known_form(cls, form: str) -> str:
        forms = get_vocabulary().forms
        if form not in forms.values():
            raise ValueError(f"unbekannt; erlaubt: {', '.join(forms.values())}")
        return form

    @model_validator(mode="after")
    def consistent(self) -> ConsentInput:
        forms = get_vocabulary().forms
        if self.valid_until < self.valid_from:
            raise ValueError("'gültig bis' liegt vor 'gültig ab'")
        if self.form == forms["verbal"] and not self.witness:
            raise ValueError("eine mündliche Einwilligung braucht eine Zeugin oder einen Zeugen")
        if self.form == forms["written"] and not self.form_location:
            raise ValueError("bei schriftlicher Einwilligung angeben, wo das unterschriebene Formular liegt")
        if self.explanation == get_vocabulary().explanations["interpreter"] and not self.interpreter:
            raise ValueError("bei Dolmetschung angeben, wer gedolmetscht hat (Person oder Dienst)")
        return self


class RevocationRecord(BaseModel):
    id: int
    revoked_at: dt.datetime
    revoked_by: str
    reason: str | None
    recorded_by: str
    channel: str | None = None


class ConsentRecord(BaseModel):
    id: int
    family_id: int
    institution: str
    given_by: str
    given_by_role: str
    participants: list[ParticipantSpec]
    category: str
    purpose: str
    valid_from: dt.date
    valid_until: dt.date
    form: str
    witness: str | None
    form_location: str | None
    status: str
    created_at: dt.datetime
    revocations: list[RevocationRecord]
    language: str | None = None  # None: given before form languages were recorded (German form)
    form_version: int | None = None
    form_sha256: str | None = None
    explanation: str | None = None
    interpreter: str | None = None
    explained_in: str | None = None

    @property
    def revoked_on(self) -> dt.date | None:
        """The day of the revocation, if the consent was revoked."""
        if self.status != REVOKED:
            return None
        return min(r.revoked_at for r in self.revocations).date() if self.revocations else dt.date.min

    def state_on(self, day: dt.date) -> str:
        """GRANTED, REVOKED, EXPIRED or NOT_YET_VALID. A revocation counts from its day on and for good;
        it does not undo what was lawful before (Art. 7 Abs. 3 DSGVO): earlier days keep their state."""
        if self.revoked_on is not None and day >= self.revoked_on:
            return REVOKED
        if day > self.valid_until:
            return EXPIRED
        if day < self.valid_from:
            return NOT_YET_VALID
        return GRANTED


class ContactInput(BaseModel):
    """Whom a family contacts for a revocation or a question (printed on every form)."""

    model_config = ConfigDict(extra="forbid")

    person: Text | None = None
    address: Text | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)] | None = None

    @model_validator(mode="after")
    def reachable(self) -> ContactInput:
        if not (self.address or self.phone or self.email):
            raise ValueError("mindestens Adresse, Telefon oder E-Mail angeben")
        return self


class ContactRecord(ContactInput):
    institution: str


class FamilyRecord(BaseModel):
    id: int
    institution: str
    members: list[Member]
    created_at: dt.datetime


def validated(model: type[BaseModel], data: dict) -> BaseModel:
    """``model`` built from ``data``, or an InputError listing every bad field in German."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(german_errors(error)) from None


def german_errors(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ") if item["type"] == "value_error" else GERMAN.get(
            item["type"], "ungültiger Wert"
        )
        problems.append(f"{field}: {message}" if field else message)
    return "Ungültige Angaben: " + "; ".join(problems)


GERMAN = {
    "missing": "fehlt",
    "string_too_short": "darf nicht leer sein",
    "string_too_long": "ist zu lang",
    "too_short": "braucht mindestens einen Eintrag",
    "date_from_datetime_parsing": "kein gültiges Datum (JJJJ-MM-TT)",
    "date_parsing": "kein gültiges Datum (JJJJ-MM-TT)",
    "date_type": "kein gültiges Datum (JJJJ-MM-TT)",
    "int_parsing": "keine ganze Zahl",
    "extra_forbidden": "unbekanntes Feld",
}
