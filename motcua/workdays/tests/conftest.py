"""Fixtures of the workdays tests: fresh calendar caches, pure calendars, and a logged-in city operator.

The workdays app may not import the accounts or agencies apps (import-linter), and its tests live inside
it; users come from the root ``make_user`` fixture and agencies and roles through the app registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.workdays import Calendar, calendar_cache_clear
from motcua.workdays.tests.helpers import official, statutory

# Values of accounts.constants.UserKind and agencies.constants.Role.
OFFICIAL = "official"
CITIZEN = "citizen"
CITY_OPERATOR = "city_operator"
ONE_STOP_OFFICER = "one_stop_officer"


@pytest.fixture(autouse=True)
def _fresh_calendars() -> Iterator[None]:
    """A rolled-back test leaves no trace in the database but would in the process's calendar cache."""
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture(scope="session")
def law() -> Calendar:
    return statutory()


@pytest.fixture(scope="session")
def notices() -> Calendar:
    return official()


def grant(user: Any, agency: Model, role: str) -> None:
    apps.get_model("agencies", "Membership").objects.create(user=user, agency=agency, role=role)


def login_official(client: Client, user: Any) -> Client:
    """Log an official in with a verified second factor, as the TOTP login would."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def city_agency(db: None) -> Model:
    agency: Model = apps.get_model("agencies", "Agency").objects.filter(level="province").order_by("code")[0]
    return agency


@pytest.fixture
def operator(make_user: Callable[..., Any], city_agency: Model) -> Any:
    user: Any = make_user(OFFICIAL, full_name="Nguyễn Văn Vận Hành")
    grant(user, city_agency, CITY_OPERATOR)
    return user


@pytest.fixture
def operator_client(client: Client, operator: Any) -> Client:
    return login_official(client, operator)
