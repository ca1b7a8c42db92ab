from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Membership
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.dossiers.signals import dossier_changed
from motcua.notifications.models import Notification
from motcua.statistics.services import rollups_update

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


def test_demo_leaves_the_statistics_caught_up():
    """`make demo` starts its statistics follower caught up: nothing is left for a long first transaction."""
    out = _load("2025")
    assert "audit entries rolled up" in out
    assert AuditEntry.objects.exists()
    assert rollups_update(batch=5000).entries == 0


def test_demo_history_queues_no_notices(django_capture_on_commit_callbacks: Any) -> None:
    """The generated year of dossiers is not announced: no notices, nothing queued for the worker."""
    heard: list[object] = []

    def listener(**kwargs: object) -> None:
        heard.append(kwargs)

    dossier_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # what would run after the commits runs
            _load("2025")
    finally:
        dossier_changed.disconnect(listener)
    assert Dossier.objects.exists()
    assert heard == []
    assert not Notification.objects.exists()
