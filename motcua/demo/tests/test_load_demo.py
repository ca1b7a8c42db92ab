from io import StringIO

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Membership

pytestmark = pytest.mark.django_db


def _load(structure: str) -> str:
    out = StringIO()
    call_command("load_demo", "--structure", structure, "--people", "300", "--dossiers", "40", stdout=out)
    return out.getvalue()


def test_demo_2025_gives_every_commune_a_committee_and_a_desk_and_prints_accounts():
    out = _load("2025")
    communes = Agency.objects.filter(unit__structure="2025", level="commune")
    assert communes.filter(kind="peoples_committee").count() == 126
    assert communes.filter(kind="one_stop_desk").count() == 126
    assert Agency.objects.filter(kind="department").count() >= 10
    assert "motcua-demo-2026" in out
    assert "motcua.xa" in out
    assert Membership.objects.filter(user__username="lanhdao.stp", role="leader").exists()


def test_demo_is_idempotent():
    _load("2025")
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    _load("2025")
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_demo_2017_builds_the_three_level_structure():
    _load("2017")
    assert Agency.objects.filter(unit__structure="2017", level="district", kind="peoples_committee").count() == 30
    assert Agency.objects.filter(unit__structure="2017", level="commune", kind="peoples_committee").count() == 526
    ward = Agency.objects.get(unit__structure="2017", unit__code="00001", kind="peoples_committee")
    assert ward.parent is not None and ward.parent.level == "district"


def test_agency_codes_are_unique_13_character_identifiers():
    _load("2025")
    _load("2017")
    codes = list(Agency.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert all(len(code) == 13 for code in codes)
