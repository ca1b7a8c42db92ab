"""The worklist page's database work is pinned: a fixed number of queries however long the list (no N+1), the
tab counts fetched apart (htmx) in a fixed number too, and what they count equals the lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.accounts.models import User
from motcua.backoffice.tests.test_desk_pages import received
from motcua.dossiers import services as svc
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.worklists import WORKLISTS

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
