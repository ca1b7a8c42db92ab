"""The dossier summary a leader reaches from a drill-down (tóm tắt hồ sơ): for a leader of the agency above
the desk, who has no desk page for it; masked owner, public timeline, how the figures classify it; 404 outside
the leader's agencies; and the drill-down pages through every dossier behind a figure."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics import drilldown
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, working_day
from motcua.statistics.tests.test_dashboard import _log_in

BASE = "/backoffice/statistics"


def _done(staff: Staff) -> str:
    d = intake(staff, at(working_day(0)), "online")
    for verb in RESOLVE:
        act(staff, d.pk, verb, at(working_day(1)))
    rollups_update_all()
    return d.code


def test_a_parent_agency_leader_reads_the_summary(client: Client, staff: Staff) -> None:
    code = _done(staff)
    _log_in(client, staff.commune_leader)
    page = client.get(f"{BASE}/dossiers/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert code in html and "Nguyễn V** A**" in html
    # no personal data beyond the masked name
    for secret in ("Nguyễn Văn An", "001090012345", "0912345678"):
        assert secret not in html
    summary = page.context["summary"]
    assert summary.classification == "Giải quyết trước hạn"  # resolved before the appointment day
    assert staff.desk.name in dict(summary.agencies).values()
    assert summary.progress.steps and 'id="timeline"' in html


def test_the_summary_is_refused_outside_the_leaders_agencies(client: Client, staff: Staff) -> None:
    code = _done(staff)
    url = f"{BASE}/dossiers/{code}/"
    assert client.get(url).status_code == 302
    _log_in(client, staff.dept_leader)  # a leader, but of another subtree
    assert client.get(url).status_code == 404
    client.logout()
    _log_in(client, staff.specialist)
    assert client.get(url).status_code == 403
    client.logout()
    _log_in(client, staff.commune_leader)
    assert client.get(f"{BASE}/dossiers/000.00.00.H26-000000-0000/").status_code == 404
    assert client.post(url).status_code == 405


def test_the_drill_down_pages_through_every_dossier(
    client: Client, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drilldown, "PAGE_SIZE", 2)
    codes = {intake(staff, at(working_day(n % 3))).code for n in range(5)}
    rollups_update_all()
    _log_in(client, staff.commune_leader)
    query = {
        "agency": staff.commune.code,
        "from": working_day(0).isoformat(),
        "to": working_day(5).isoformat(),
        "measure": "received_total",
    }
    seen: list[str] = []
    page = client.get(f"{BASE}/dossiers/", query)
    while True:
        assert page.status_code == 200 and page.context["drill"].total == 5
        seen += re.findall(r'href="/backoffice/statistics/dossiers/([^/"]+)/"', page.content.decode())
        following = [href for n, href in page.context["pages"] if n > page.context["drill"].page]
        if not following:
            break
        page = client.get(following[0])
    assert len(seen) == 5 and set(seen) == codes
    assert page.context["drill"].pages == 3
    # a page past the end shows the last one
    assert client.get(f"{BASE}/dossiers/", {**query, "page": "99"}).context["drill"].page == 3
