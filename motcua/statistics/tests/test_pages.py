"""The back-office statistics pages: Biểu 06 on screen and as xlsx, the 766 indicators, the drill-down — each
figure's link lists exactly its dossiers; another agency's leader, a specialist and a stranger are refused."""

from __future__ import annotations

import io
import re
from typing import Any

from django.test import Client
from django.utils import timezone

from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, working_day
from motcua.statistics.tests.test_dashboard import _log_in

BASE = "/backoffice/statistics"


def _history(staff: Staff) -> list[str]:
    done = intake(staff, at(working_day(0)), "online")
    for verb in RESOLVE:
        act(staff, done.pk, verb, at(working_day(1)))
    waiting = intake(staff, at(working_day(1)))
    gone = intake(staff, at(working_day(1)))
    act(staff, gone.pk, "withdraw", at(working_day(2)))
    rollups_update_all()
    return [done.code, waiting.code, gone.code]


def _period(staff: Staff, **extra: Any) -> dict[str, Any]:
    return {"agency": staff.desk.code, "from": working_day(0).isoformat(), "to": working_day(5).isoformat(), **extra}


def _codes(html: str) -> set[str]:
    return set(re.findall(r'href="/backoffice/statistics/dossiers/([^/"]+)/"', html))


def test_form06_page_links_each_figure_to_its_dossiers(client: Client, staff: Staff) -> None:
    done, waiting, gone = _history(staff)
    _log_in(client, staff.commune_leader)
    page = client.get(f"{BASE}/form06/", _period(staff))
    assert page.status_code == 200
    assert page.context["report"].total.values["received_total"] == 3
    html = page.content.decode()
    links = dict(re.findall(r'<a class="govuk-link" href="([^"]+)" id="total-(\w+)">', html))
    assert set(links.values()) >= {"received_total", "resolved_early", "in_progress_within", "withdrawn"}
    expected = {"received_total": {done, waiting, gone}, "withdrawn": {gone}, "in_progress_within": {waiting}}
    expected["resolved_early"] = {done}
    for href, key in links.items():
        if key in expected:
            listed = client.get(href.replace("&amp;", "&"))
            assert listed.status_code == 200, key
            assert _codes(listed.content.decode()) == expected[key], key
    xlsx = client.get(f"{BASE}/form06.xlsx", _period(staff))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    assert load_workbook(io.BytesIO(xlsx.content)).active["B11"].value == "Tổng cộng"
    by_procedure = client.get(f"{BASE}/form06/", _period(staff, by="procedure"))
    assert "9.900001" in by_procedure.content.decode()


def test_index766_page_and_its_drill_down(client: Client, staff: Staff) -> None:
    done, waiting, _gone = _history(staff)
    _log_in(client, staff.commune_leader)
    page = client.get(f"{BASE}/index766/", _period(staff))
    assert page.status_code == 200
    codes = {i.code: i for i in page.context["result"].indicators}
    assert {"2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4"} <= set(codes)
    numerator, _denominator = next(r[1:] for r in page.context["rows"] if r[0].code == "2.1")
    assert _codes(client.get(numerator).content.decode()) == {done, waiting}


def test_bad_input_and_strangers(client: Client, staff: Staff) -> None:
    _history(staff)
    _log_in(client, staff.commune_leader)
    backwards = client.get(f"{BASE}/form06/", _period(staff, **{"from": "2026-04-01", "to": "2026-03-01"}))
    assert backwards.status_code == 400 and "date_to" in backwards.context["form"].errors
    assert "to-error" in backwards.content.decode()
    assert client.get(f"{BASE}/form06/", _period(staff, **{"from": "not-a-date"})).status_code == 400
    assert client.get(f"{BASE}/dossiers/", _period(staff, measure="nope")).status_code == 400
    # another commune: not found, whatever the page
    for path in ("form06/", "form06.xlsx", "index766/", "dossiers/"):
        other = client.get(f"{BASE}/{path}", _period(staff, agency=staff.other_commune.code, measure="withdrawn"))
        assert other.status_code == 404, path
    client.logout()
    _log_in(client, staff.specialist)
    for path in ("form06/", "form06.xlsx", "index766/", "dossiers/"):
        assert client.get(f"{BASE}/{path}", _period(staff, measure="withdrawn")).status_code == 403, path
    client.logout()
    for path in ("form06/", "form06.xlsx", "index766/", "dossiers/"):
        assert client.get(f"{BASE}/{path}", _period(staff)).status_code == 302, path


def test_dashboard_links_and_charts(client: Client, staff: Staff) -> None:
    d = intake(staff, timezone.localtime(), "online")
    rollups_update_all()
    _log_in(client, staff.commune_leader)
    page = client.get(f"{BASE}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="chart-weeks-data"' in html and "vendor/chartjs/chart.umd.min.js" in html
    assert len(page.context["weeks"]) == 12 and page.context["weeks"][-1][0].received == 1
    received_today = page.context["figures"][0][1][0]
    assert received_today[0] == 1
    assert _codes(client.get(received_today[1]).content.decode()) == {d.code}
