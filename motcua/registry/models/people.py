"""People, households and their effective-dated residences."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.registry.constants import DatePrecision, MaritalStatus, Relation, ResidenceKind, Sex


class Household(models.Model):
    """Household (hộ gia đình): the people registered together at one address, with a head (chủ hộ)."""

    code = models.CharField(_("household number"), max_length=20, primary_key=True)
    head = models.ForeignKey(
        "Person", models.DO_NOTHING, null=True, blank=True, db_constraint=False, db_index=False, related_name="+"
    )
    unit = models.ForeignKey(
        "geo.Unit", models.PROTECT, related_name="+", verbose_name=_("administrative unit"), db_constraint=False
    )
    address = models.CharField(_("address"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.code


class Person(models.Model):
    """Citizen (công dân) in the population register, keyed by the 12-digit personal ID (số định danh cá nhân).

    Kinship links (father, mother, spouse) and the household are not database-constrained: a parent may be
    registered in another province, and bulk imports arrive in any order.
    """

    personal_id = models.CharField(_("personal ID number"), max_length=12, primary_key=True)
    old_id = models.CharField(_("old ID card number (CMND)"), max_length=9, blank=True, default="")
    full_name = models.CharField(_("full name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False, help_text="fold(full_name), for search")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    birth_date_precision = models.CharField(
        _("precision of the date of birth"), max_length=4, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=2, default="01")
    religion = models.CharField(_("religion"), max_length=2, default="00")
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    native_place = models.CharField(_("native place"), max_length=200, blank=True, default="")
    birth_registration_place = models.CharField(
        _("place of birth registration"), max_length=200, blank=True, default=""
    )
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE
    )
    father = models.ForeignKey(
        "self", models.DO_NOTHING, null=True, blank=True, db_constraint=False, db_index=False, related_name="+"
    )
    mother = models.ForeignKey(
        "self", models.DO_NOTHING, null=True, blank=True, db_constraint=False, db_index=False, related_name="+"
    )
    spouse = models.ForeignKey(
        "self", models.DO_NOTHING, null=True, blank=True, db_constraint=False, db_index=False, related_name="+"
    )
    household = models.ForeignKey(
        Household, models.DO_NOTHING, null=True, blank=True, db_constraint=False, related_name="members"
    )
    relation_to_head = models.CharField(
        _("relation to the head"), max_length=10, choices=Relation.choices, blank=True, default=""
    )
    death_date = models.DateField(_("date of death"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name_folded", "birth_date"], name="registry_person_name_birth")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"

    @property
    def alive(self) -> bool:
        return self.death_date is None

    def birth_date_display(self) -> str:
        if self.birth_date_precision == DatePrecision.YEAR:
            return str(self.birth_date.year)
        return self.birth_date.strftime("%d/%m/%Y")


class ResidenceQuerySet(models.QuerySet["Residence"]):
    def on(self, day: dt.date) -> ResidenceQuerySet:
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=day)
        )

    def open(self) -> ResidenceQuerySet:
        return self.filter(valid_to__isnull=True)


class Residence(models.Model):
    """Residence (nơi cư trú): permanent (thường trú) or current (nơi ở hiện tại), effective-dated.

    A move closes the open record (``valid_to``) and opens a new one; nothing is overwritten.

    The links to the person and the unit are not database constraints: checking them row by row made the
    bulk import about a fifth slower, and every writer validates them (Django still applies CASCADE and
    PROTECT).
    """

    person = models.ForeignKey(Person, models.CASCADE, related_name="residences", db_index=False, db_constraint=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ResidenceKind.choices)
    unit = models.ForeignKey(
        "geo.Unit", models.PROTECT, related_name="+", verbose_name=_("administrative unit"), db_constraint=False
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        indexes = [models.Index(fields=["person", "kind"], name="registry_residence_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.unit_id}"
