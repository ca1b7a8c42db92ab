"""The worklist page's database work is pinned: a fixed number of queries however long the list (no N+1), the
tab counts fetched apart (htmx) in a fixed number too, and what they count equals the lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Membership
from motcua.backoffice.tests.test_desk_pages import received
from motcua.dossiers import services as svc
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.worklists import WORKLISTS, colleagues_for

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
#: session, user, TOTP device, memberships, delegations; the page's ids with the list's length, its rows;
#: the colleagues a leader may assign to
PAGE_QUERIES = 8
#: the same five, then the open dossiers' counts in one pass, "watch", the sign candidates, the capped "done"
TABS_QUERIES = 9


@pytest.mark.parametrize("count", [1, 6])
def test_the_worklist_page_reads_a_fixed_number_of_times(staff: Staff, login: Login, count: int) -> None:
    for _n in range(count):
        svc.dossier_assign(
            actor=staff.actor("commune_leader"), dossier_id=received(staff).pk, assignee_id=staff.specialist.pk
        )
    client = login(staff.commune_leader)
    url = reverse("backoffice:desk_worklist")
    with CaptureQueriesContext(connection) as page_queries:
        page = client.get(url, {"list": "process"})
    body = page.content.decode()
    assert page.status_code == 200 and body.count('name="dossier"') == count
    assert len(page_queries) <= PAGE_QUERIES, [q["sql"][:120] for q in page_queries.captured_queries]
    # the tabs come without counts, and ask htmx for the counted ones
    assert f"({count})</strong>" not in body and "part=tabs" in body
    with CaptureQueriesContext(connection) as tab_queries:
        tabs = client.get(url, {"list": "process", "part": "tabs"}, headers={"HX-Request": "true"})
    assert tabs.status_code == 200 and f"({count})</strong>" in tabs.content.decode()  # the current tab
    assert "part=tabs" not in tabs.content.decode()  # loaded once, not again and again
    assert len(tab_queries) <= TABS_QUERIES, [q["sql"][:120] for q in tab_queries.captured_queries]


def test_the_tabs_refuse_a_stranger_and_an_unknown_list(staff: Staff, login: Login, client: Client) -> None:
    received(staff)
    url = reverse("backoffice:desk_worklist")
    anonymous = client.get(url, {"list": "process", "part": "tabs"})
    assert anonymous.status_code == 302  # to the login page
    stranger = login(staff.stranger)
    tabs = stranger.get(url, {"list": "receive", "part": "tabs"}).content.decode()
    assert tabs.count(" (0)") == len(WORKLISTS)
    assert stranger.get(url, {"list": "nope", "part": "tabs"}).status_code == 404


def test_the_colleagues_are_the_current_active_members_of_the_agencies_led(
    staff: Staff, make_user: Callable[..., User]
) -> None:
    """``colleagues_for`` reads in SQL what ``Membership.objects.current()`` and the ORM would return."""
    today = timezone.localdate()
    week = dt.timedelta(days=7)

    def member(name: str, agency: Agency, role: str, **fields: Any) -> User:
        user = make_user(UserKind.OFFICIAL, full_name=name, totp=False)
        Membership.objects.create(user=user, agency=agency, role=role, **fields)
        return user

    member("Ánh", staff.commune, Role.SPECIALIST, valid_from=today - week, valid_to=today)  # last day today
    member("Bình", staff.commune, Role.SPECIALIST, valid_from=today + week)  # not yet
    member("Cường", staff.commune, Role.SPECIALIST, valid_to=today - week)  # gone
    member("Dũng", staff.commune, Role.AGENCY_ADMIN)  # administers, is not assigned work
    idle = member("Đạt", staff.commune, Role.SPECIALIST)
    User.objects.filter(pk=idle.pk).update(is_active=False)
    twice = member("Giang", staff.commune, Role.SPECIALIST, valid_from=today)
    Membership.objects.create(user=twice, agency=staff.commune, role=Role.LEADER)  # two roles, listed once
    member("Hà", staff.dept, Role.SPECIALIST)  # an agency the leader does not lead
    rows = (
        Membership.objects.current()
        .filter(agency_id=staff.commune.pk, user__is_active=True)
        .exclude(role__in=[Role.CITY_OPERATOR, Role.AGENCY_ADMIN])
        .values_list("user_id", "user__full_name", "user__username")
        .order_by("user__full_name", "user_id")
    )
    expected = list({uid: full or username for uid, full, username in rows}.items())
    found = colleagues_for(actor=staff.actor("commune_leader"))
    assert found == expected
    names = [name for _uid, name in found]
    assert "Ánh" in names and "Giang" in names and names.count("Giang") == 1
    assert not {"Bình", "Cường", "Dũng", "Đạt", "Hà"} & set(names)
    assert colleagues_for(actor=staff.actor("specialist")) == []  # leads nothing
