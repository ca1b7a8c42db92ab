from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.geo.constants import Level, Structure


class UnitQuerySet(models.QuerySet["Unit"]):
    def in_structure(self, structure: str) -> UnitQuerySet:
        return self.filter(structure=structure)


class Unit(models.Model):
    """Administrative unit (đơn vị hành chính) with its GSO code, effective-dated.

    Codes are unique only within a structure: the 2025 scheme reuses some pre-2025 commune codes.
    """

    structure = models.CharField(_("structure"), max_length=4, choices=Structure.choices)
    code = models.CharField(_("code"), max_length=5)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=40, help_text=_("e.g. phường, xã, quận, huyện, tỉnh"))
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    search_text = models.CharField(max_length=240, editable=False, help_text="folded name, for diacritic-free search")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    successors: models.ManyToManyField[Unit, Succession] = models.ManyToManyField(
        "self", through="Succession", symmetrical=False, related_name="predecessors", blank=True
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [models.UniqueConstraint(fields=["structure", "code"], name="geo_unit_structure_code")]
        indexes = [models.Index(fields=["structure", "parent"]), models.Index(fields=["structure", "level"])]
        ordering = ["structure", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Succession(models.Model):
    """A pre-2025 unit merged (wholly or partly) into a 2025 unit. ``is_main`` marks where most of it went."""

    predecessor = models.ForeignKey(Unit, models.CASCADE, related_name="succession_out")
    successor = models.ForeignKey(Unit, models.CASCADE, related_name="succession_in")
    is_main = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"
