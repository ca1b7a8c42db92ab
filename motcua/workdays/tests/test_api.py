"""The public API of the legal clock: no login, ISO datetimes with offsets, 422 problems naming the parameter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.workdays.services import workdays_load_official_schedule

pytestmark = pytest.mark.django_db
DEADLINE = "/api/v1/workdays/deadline"
CALENDAR = "/api/v1/workdays/calendar"


def get(client: Client, url: str, **params: str) -> Any:
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def test_the_issue_example_anonymously(client: Client) -> None:
    workdays_load_official_schedule()
    response = get(client, DEADLINE, start="2026-04-24T08:00:00+07:00", amount="3", unit="working_days")
    assert response.status_code == 200
    assert response.json() == {"start_effective": "2026-04-24T08:00:00+07:00", "due": "2026-05-04T08:00:00+07:00"}


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        ("2026-04-24T18:30:00+07:00", "1", "working_days", ("2026-04-28T07:00:00+07:00", "2026-04-28T17:00:00+07:00")),
        ("2026-04-06T01:00:00Z", "2", "hours", ("2026-04-06T08:00:00+07:00", "2026-04-06T10:00:00+07:00")),
        ("2026-04-06T12:00:00+07:00", "1.5", "hours", ("2026-04-06T13:30:00+07:00", "2026-04-06T15:00:00+07:00")),
        ("2026-04-01T08:00:00+07:00", "30", "days", ("2026-04-01T08:00:00+07:00", "2026-05-04T08:00:00+07:00")),
        ("2026-04-06T08:00:00+07:00", "0", "hours", ("2026-04-06T08:00:00+07:00", "2026-04-06T08:00:00+07:00")),
        # A "+" the client forgot to encode arrives as a space; it is still understood.
        ("2026-04-06T08:00:00 07:00", "1", "hours", ("2026-04-06T08:00:00+07:00", "2026-04-06T09:00:00+07:00")),
    ],
)
def test_deadlines(client: Client, start: str, amount: str, unit: str, expected: tuple[str, str]) -> None:
    response = get(client, DEADLINE, start=start, amount=amount, unit=unit)
    assert response.status_code == 200, response.content
    assert (response.json()["start_effective"], response.json()["due"]) == expected


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "3", "unit": "weeks"}, "unit"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "-1", "unit": "hours"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "100000", "unit": "hours"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "3000", "unit": "working_days"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "1.5", "unit": "days"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "1.234", "unit": "hours"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "three", "unit": "hours"}, "amount"),
        ({"start": "2026-04-24T08:00:00+07:00", "amount": "NaN", "unit": "hours"}, "amount"),
        ({"start": "2026-04-24T08:00:00", "amount": "3", "unit": "hours"}, "start"),  # naive
        ({"start": "24/04/2026 08:00", "amount": "3", "unit": "hours"}, "start"),  # unparsable
        ({"start": "2026-02-30T08:00:00+07:00", "amount": "3", "unit": "hours"}, "start"),  # no such date
        ({"start": "2110-01-04T08:00:00+07:00", "amount": "3", "unit": "hours"}, "start"),  # out of range
        ({"start": "2099-12-30T08:00:00+07:00", "amount": "30", "unit": "days"}, "amount"),  # due out of range
        ({"amount": "3", "unit": "hours"}, "start"),  # missing
    ],
)
def test_bad_input_is_a_422_problem_naming_the_parameter(
    client: Client, params: dict[str, str], parameter: str
) -> None:
    response = get(client, DEADLINE, **params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_parameter"
    assert parameter in [e["parameter"] for e in problem["errors"]]
    assert parameter in problem["detail"]


def test_the_calendar_of_a_year_with_its_notices(client: Client) -> None:
    workdays_load_official_schedule()
    response = get(client, CALENDAR, year="2026")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    days = {d["date"]: d for d in body["days_off"]}
    assert "2026-04-25" not in days  # an ordinary Saturday is not listed
    assert days["2026-02-17"]["kind"] == "declared_day_off"
    assert days["2026-02-17"]["notice"] == "TB 9441/TB-BNV"
    assert "Bính Ngọ" in days["2026-02-17"]["name"]
    assert days["2026-11-24"]["notice"] == "NQ 28/2026/QH16"
    assert [d["date"] for d in body["extra_working_days"]] == ["2026-01-10", "2026-08-22"]


def test_the_calendar_of_a_year_by_law_alone(client: Client) -> None:
    body = get(client, CALENDAR, year="2027").json()
    kinds = {d["date"]: (d["kind"], d["name"], d["basis"]) for d in body["days_off"]}
    assert kinds["2027-01-01"] == ("holiday", "New Year's Day", "Labour Code 45/2019/QH14, Article 112(1)")
    assert kinds["2027-05-03"][0] == "compensatory"  # Labour Day 2027 is a Saturday
    assert "Article 111(3)" in kinds["2027-05-03"][2]
    assert body["extra_working_days"] == []


def test_the_calendar_speaks_vietnamese_by_default(client: Client) -> None:
    body = client.get(CALENDAR, {"year": "2027"}).json()
    names = {d["date"]: d["name"] for d in body["days_off"]}
    assert names["2027-01-01"] == "Tết Dương lịch"
    assert names["2027-04-16"].startswith("Giỗ Tổ Hùng Vương")


@pytest.mark.parametrize("year", ["2013", "2100", "19999", "abc", ""])
def test_a_year_outside_the_range_is_a_422_naming_year(client: Client, year: str) -> None:
    response = get(client, CALENDAR, year=year)
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "year"


def test_the_openapi_document_describes_both_operations(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/workdays/deadline", "/api/v1/workdays/calendar"} <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/workdays/deadline"]["get"]["parameters"]}
    assert parameters == {"start", "amount", "unit"}
