"""Choices and fixed values of the population register (sổ dân cư)."""

from __future__ import annotations

from typing import TypeAlias

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise: TypeAlias = str | Promise


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Full date")
    YEAR = "year", _("Year only")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Relation(models.TextChoices):
    """Relationship to the head of the household (quan hệ với chủ hộ)."""

    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class ResidenceKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent residence")  # nơi thường trú
    CURRENT = "current", _("Current residence")  # nơi ở hiện tại


class Channel(models.TextChoices):
    """Where a lookup came from."""

    PAGE = "page", _("Back-office page")
    API = "api", _("API")
    PREFILL = "prefill", _("Form prefill (self)")


class LookupKind(models.TextChoices):
    BY_ID = "id", _("By personal ID")
    BY_NAME = "name", _("By name and date of birth")
    BY_HOUSEHOLD = "household", _("By household")
    SELF = "self", _("Own record")


class FieldSet(models.TextChoices):
    """How much of a record a caller sees (data minimisation, Law 91/2025 Art. 3)."""

    MINIMAL = "minimal", _("Minimal: identity only")
    STANDARD = "standard", _("Standard: identity, residence and household")
    FULL = "full", _("Full record")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


#: Fields of a person record, per field set (each set includes the smaller ones).
FIELDS: dict[str, tuple[str, ...]] = {
    FieldSet.MINIMAL: ("personal_id", "full_name", "birth_date", "sex"),
    FieldSet.STANDARD: (
        "personal_id",
        "full_name",
        "birth_date",
        "sex",
        "nationality",
        "permanent_unit",
        "permanent_address",
        "current_unit",
        "current_address",
        "household_id",
        "relation_to_head",
        "alive",
    ),
    FieldSet.FULL: (
        "personal_id",
        "old_id",
        "full_name",
        "birth_date",
        "sex",
        "ethnicity",
        "religion",
        "nationality",
        "native_place",
        "birth_registration_place",
        "marital_status",
        "father_id",
        "mother_id",
        "spouse_id",
        "permanent_unit",
        "permanent_address",
        "current_unit",
        "current_address",
        "household_id",
        "relation_to_head",
        "alive",
        "death_date",
    ),
}

#: Most IDs in one bulk lookup.
BULK_LIMIT = 1000

#: The documented CSV header of import and export (one person a line, UTF-8, comma-separated).
CSV_HEADER: tuple[str, ...] = (
    "personal_id",
    "old_id",
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "religion",
    "nationality",
    "native_place",
    "birth_registration_place",
    "marital_status",
    "father_id",
    "mother_id",
    "spouse_id",
    "household_id",
    "relation_to_head",
    "permanent_unit",
    "permanent_address",
    "current_unit",
    "current_address",
    "residence_since",
    "death_date",
)

#: Labels of the record fields, for pages.
FIELD_LABELS: dict[str, StrOrPromise] = {
    "personal_id": _("Personal ID number"),
    "old_id": _("Old ID card number (CMND)"),
    "full_name": _("Full name"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnicity"),
    "religion": _("Religion"),
    "nationality": _("Nationality"),
    "native_place": _("Native place"),
    "birth_registration_place": _("Place of birth registration"),
    "marital_status": _("Marital status"),
    "father_id": _("Father"),
    "mother_id": _("Mother"),
    "spouse_id": _("Spouse"),
    "permanent_unit": _("Permanent residence: unit"),
    "permanent_unit_name": _("Permanent residence: unit name"),
    "permanent_address": _("Permanent residence: address"),
    "current_unit": _("Current residence: unit"),
    "current_unit_name": _("Current residence: unit name"),
    "current_address": _("Current residence: address"),
    "household_id": _("Household number"),
    "relation_to_head": _("Relation to the head"),
    "alive": _("Alive"),
    "death_date": _("Date of death"),
}
