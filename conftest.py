"""Fixtures shared by every test: loaded reference data and users with roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.accounts.services import totp_device_ensure, user_upsert
from motcua.agencies.models import Agency

pytest_plugins = ["tests.smtp"]  # the smtp_server fixture: a real SMTP server on 127.0.0.1

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load Hà Nội's units (both structures) and the demo agencies once per test database."""
    from motcua.demo import agencies as demo
    from motcua.geo.models import Unit
    from motcua.geo.services import units_load

    with django_db_blocker.unblock():
        units_load(province="01")
        province = Unit.objects.get(structure="2025", code="01")
        city = demo.load_city(province)
        demo.load_2025(province, city)


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Iterator[None]:
    """Per-process caches (calendars, procedure versions, step agencies) must not carry ids from one
    test's rolled-back data into the next."""
    from django.conf import settings
    from django.utils import translation

    from motcua.dossiers.services.engine import engine_cache_clear
    from motcua.workdays import calendar_cache_clear

    # Each test starts in the default language: a request or test that switched to English must not make
    # the next test (in random order) see English messages.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    engine_cache_clear()
    calendar_cache_clear()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(kind: str = UserKind.CITIZEN, *, totp: bool = True, **fields: Any) -> User:
        n = next(counter)
        user = user_upsert(username=fields.pop("username", f"user{n}"), password=PASSWORD, kind=kind, **fields)
        if kind == UserKind.OFFICIAL and totp:
            totp_device_ensure(user=user)
        return user

    return make


@pytest.fixture
def commune_pc(db: None) -> Agency:
    return Agency.objects.get(unit__structure="2025", unit__code="00070", kind="peoples_committee")


@pytest.fixture
def db_vendor(db: None) -> str:
    return connection.vendor
