"""The city operator's calendar pages in the back office."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.workdays import calendar_for, is_working_day
from motcua.workdays.models import CalendarException
from motcua.workdays.services import workdays_load_official_schedule
from motcua.workdays.tests.conftest import CITIZEN, OFFICIAL, ONE_STOP_OFFICER, grant, login_official

pytestmark = pytest.mark.django_db
YEAR = reverse("backoffice:calendar-year", args=[2026])
DECLARE = reverse("backoffice:calendar-declare", args=[2026])
FORM = {
    "date_from": "2026-12-31",
    "date_to": "2026-12-31",
    "kind": "day_off",
    "name": "Nghỉ cuối năm",
    "notice": "TB 1234/TB-BNV",
    "basis": "Thông báo 1234/TB-BNV của Bộ Nội vụ",
    "settles": [],
}


def _no_inline_code(html: str) -> None:
    """The strict CSP forbids inline styles and scripts: none may appear."""
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("url", [reverse("backoffice:calendar"), YEAR, DECLARE])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_withdrawing_anonymously_is_sent_to_log_in(client: Client) -> None:
    response = client.post(reverse("backoffice:calendar-withdraw", args=[1]))
    assert response.status_code == 302


def test_a_citizen_is_refused(client: Client, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user(CITIZEN))
    assert client.get(YEAR).status_code == 403


def test_an_official_without_the_city_operator_role_is_refused(
    client: Client, make_user: Callable[..., Any], commune_pc: Model
) -> None:
    official = make_user(OFFICIAL)
    grant(official, commune_pc, ONE_STOP_OFFICER)
    login_official(client, official)
    response = client.get(YEAR)
    assert response.status_code == 403
    assert client.post(DECLARE, FORM).status_code == 403
    assert not CalendarException.objects.exists()


def test_an_operator_without_the_second_factor_is_sent_to_log_in(client: Client, operator: Any) -> None:
    client.force_login(operator)
    assert client.get(YEAR).status_code == 302


def test_the_operator_sees_the_years_calendar(operator_client: Client) -> None:
    workdays_load_official_schedule()
    response = operator_client.get(YEAR, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Working-day calendar 2026" in html
    assert "TB 9441/TB-BNV" in html
    assert "Tết Âm lịch Bính Ngọ" in html
    assert "govuk-tag--purple" in html  # declared days off in the grid
    _no_inline_code(html)


def test_the_calendar_page_defaults_to_this_year(operator_client: Client) -> None:
    response = operator_client.get(reverse("backoffice:calendar"))
    assert response.status_code == 200
    assert str(timezone.localdate().year) in response.content.decode()


def test_a_year_outside_the_range_is_not_found(operator_client: Client) -> None:
    assert operator_client.get(reverse("backoffice:calendar-year", args=[2100])).status_code == 404


def test_the_page_speaks_vietnamese(operator_client: Client) -> None:
    html = operator_client.get(YEAR).content.decode()
    assert "Lịch ngày làm việc năm 2026" in html
    assert "Khai báo ngày ngoại lệ" in html


def test_the_operator_previews_an_exception_without_declaring_it(operator_client: Client) -> None:
    response = operator_client.post(DECLARE, {**FORM, "action": "preview"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are no dossiers in the platform yet" in html
    assert "changed" in html
    assert not CalendarException.objects.exists()
    _no_inline_code(html)


def test_the_operator_declares_an_exception(operator_client: Client, operator: Any) -> None:
    assert is_working_day(calendar_for(), dt.date(2026, 12, 31))
    response = operator_client.post(DECLARE, {**FORM, "action": "declare"})
    assert response.status_code == 302
    assert response["Location"] == YEAR
    exception = CalendarException.objects.get()
    assert (exception.notice, exception.declared_by, exception.basis) == (
        "TB 1234/TB-BNV",
        operator,
        "Thông báo 1234/TB-BNV của Bộ Nội vụ",
    )
    assert not is_working_day(calendar_for(), dt.date(2026, 12, 31))
    page = operator_client.get(YEAR).content.decode()
    assert "Nghỉ cuối năm" in page
    assert "Đã khai báo ngày ngoại lệ" in page  # the success message


def test_a_declaration_settling_a_holiday(operator_client: Client) -> None:
    form = {
        **FORM,
        "date_from": "2027-09-02",
        "date_to": "2027-09-03",
        "settles": ["national_day"],
        "action": "declare",
    }
    assert operator_client.post(reverse("backoffice:calendar-declare", args=[2027]), form).status_code == 302
    assert is_working_day(calendar_for(), dt.date(2027, 9, 1))  # the default adjacent day is dropped
    assert not is_working_day(calendar_for(), dt.date(2027, 9, 3))


def test_errors_are_shown_on_their_fields(operator_client: Client) -> None:
    bad = {**FORM, "date_to": "2026-12-01", "notice": "", "action": "declare"}
    response = operator_client.post(DECLARE, bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The last date is before the first." in html
    assert not CalendarException.objects.exists()


def test_a_domain_refusal_is_shown_on_the_form(operator_client: Client) -> None:
    operator_client.post(DECLARE, {**FORM, "action": "declare"})
    response = operator_client.post(
        DECLARE, {**FORM, "kind": "working_day", "action": "declare"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "withdraw it first" in response.content.decode()
    assert CalendarException.objects.count() == 1


def test_the_operator_withdraws_a_declaration(operator_client: Client) -> None:
    operator_client.post(DECLARE, {**FORM, "action": "declare"})
    exception = CalendarException.objects.get()
    withdraw = reverse("backoffice:calendar-withdraw", args=[exception.pk])
    assert operator_client.get(withdraw).status_code == 405
    response = operator_client.post(withdraw, {"year": "2026"})
    assert response.status_code == 302
    assert response["Location"] == YEAR
    assert not CalendarException.objects.exists()
    assert is_working_day(calendar_for(), dt.date(2026, 12, 31))
    assert operator_client.post(withdraw, {"year": "2026"}).status_code == 404


def test_withdrawing_without_a_year_goes_back_to_this_years_calendar(operator_client: Client) -> None:
    operator_client.post(DECLARE, {**FORM, "action": "declare"})
    withdraw = reverse("backoffice:calendar-withdraw", args=[CalendarException.objects.get().pk])
    response = operator_client.post(withdraw)
    assert response["Location"] == reverse("backoffice:calendar")
