"""The statistics API: scope and agencies enforced, JSON equal to the recount, the xlsx's totals equal to the JSON."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client

from motcua.accounts.services import api_client_create
from motcua.agencies.models import Agency
from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.selectors import agencies_under
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import RESOLVE, act, at, intake, recount, working_day
from motcua.statistics.xlsx import FIGURES, FIRST_DATA_ROW

URL = "/api/v1/statistics"


def _token(*agencies: Agency, scopes: tuple[str, ...] = ("statistics:read",)) -> dict[str, Any]:
    _client, raw = api_client_create(name="thống kê", scopes=list(scopes), agency_ids=[a.pk for a in agencies])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _history(staff: Staff) -> None:
    done = intake(staff, at(working_day(0)), "online")
    for verb in RESOLVE:
        act(staff, done.pk, verb, at(working_day(2)))
    intake(staff, at(working_day(1)))
    gone = intake(staff, at(working_day(1)))
    act(staff, gone.pk, "withdraw", at(working_day(2)))
    rollups_update_all()


def _query(staff: Staff, agency: Agency | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "agency": (agency or staff.desk).code,
        "from": working_day(0).isoformat(),
        "to": working_day(5).isoformat(),
        **extra,
    }


def test_form06_json_is_the_recount_and_scoped(client: Client, staff: Staff) -> None:
    _history(staff)
    own = _token(staff.desk)
    body = client.get(f"{URL}/form06", _query(staff), **own).json()
    assert body["total"]["values"] == recount({staff.desk.pk}, working_day(0), working_day(5))
    assert body["total"]["values"]["received_total"] == 3 and body["total"]["values"]["withdrawn"] == 1
    by_procedure = client.get(f"{URL}/form06", _query(staff, by="procedure"), **own).json()
    assert [r["code"] for r in by_procedure["rows"]] == ["9.900001"]
    # the agency above sees the agencies under it; a stranger and a client without the scope do not
    assert staff.desk.pk in agencies_under([staff.commune.pk])
    above = client.get(f"{URL}/form06", _query(staff, staff.commune), **_token(staff.commune)).json()
    assert above["total"]["values"]["received_total"] == 3 and above["agencies"] >= 2
    alone = client.get(f"{URL}/form06", _query(staff, staff.commune, children="false"), **_token(staff.commune))
    assert alone.json()["total"]["values"]["received_total"] == 0
    assert client.get(f"{URL}/form06", _query(staff), **_token(staff.other_commune)).status_code == 404
    no_scope = client.get(f"{URL}/form06", _query(staff), **_token(staff.desk, scopes=("dossiers:read",)))
    assert no_scope.status_code == 403 and no_scope.json()["code"] == "scope_missing"
    assert client.get(f"{URL}/form06", _query(staff)).status_code == 401
    backwards = client.get(f"{URL}/form06", {**_query(staff), "from": "2026-04-01", "to": "2026-03-01"}, **own)
    assert backwards.status_code == 400 and backwards.json()["code"] == "bad_period"


def test_xlsx_opens_and_its_totals_match_the_json(client: Client, staff: Staff) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    _history(staff)
    own = _token(staff.desk)
    body = client.get(f"{URL}/form06", _query(staff), **own).json()
    response = client.get(f"{URL}/form06.xlsx", _query(staff), **own)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(response.content)).active
    total_row = FIRST_DATA_ROW + len(body["rows"])
    assert ws.cell(row=total_row, column=2).value == "Tổng cộng"
    assert [ws.cell(row=total_row, column=3 + i).value for i in range(len(FIGURES))] == [
        body["total"]["values"][k] for k in FIGURES
    ]
    assert "C6:F6" in {str(r) for r in ws.merged_cells.ranges}
    assert "Biểu số 06/VPCP/KSTT" in str(ws["K1"].value)
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value}
    assert "THỦ TRƯỞNG CƠ QUAN" in texts and "NGƯỜI LẬP BIỂU" in texts


def test_index766(client: Client, staff: Staff) -> None:
    _history(staff)
    body = client.get(f"{URL}/index766", _query(staff), **_token(staff.desk)).json()
    by_code = {i["code"]: i for i in body["indicators"]}
    # one resolved early + one in progress within its deadline, out of two handled; one of two new dossiers online
    assert (by_code["2.1"]["numerator"], by_code["2.1"]["denominator"], by_code["2.1"]["score"]) == (2, 2, 20)
    assert by_code["3.3"]["rate"] == 0.3333 and by_code["3.3"]["score"] == round(0.3333 * 12 / 0.5, 2)
    assert body["average_processing_days"] is not None
