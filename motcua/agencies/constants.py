from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department (Sở)")
    DIVISION = "division", _("Division (Phòng)")
    SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
    ONE_STOP_DESK = "one_stop_desk", _("One-stop desk")
    OTHER = "other", _("Other agency")


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune / ward")


class Role(models.TextChoices):
    """What a member of staff may do in an agency. A user may hold several roles in several agencies."""

    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop officer")
    SPECIALIST = "specialist", _("Specialist")
    LEADER = "leader", _("Leader")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    CITY_OPERATOR = "city_operator", _("City operator")


#: Electronic identifier of an agency (Decision 20/2020/QĐ-TTg): four 2–3 character levels, 13 characters.
AGENCY_CODE_PATTERN = r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$"
