from django.db import models
from django.utils.translation import gettext_lazy as _


class Structure(models.TextChoices):
    """Which organisation of local government a unit belongs to (domain.md §0, §6)."""

    Y2025 = "2025", _("Two levels (from 1 July 2025)")
    Y2017 = "2017", _("Three levels (before 1 July 2025)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune / ward")


#: The day the two-level structure took effect (Resolution 1656/NQ-UBTVQH15; Decision 19/2025/QĐ-TTg).
REFORM_DATE = "2025-07-01"
