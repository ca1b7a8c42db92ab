"""Fixtures of the register's tests: a small generated population and officials with roles.

The register may not import ``motcua.accounts`` (import-linter), so users are made through the root
``make_user`` fixture and API clients through the ``create_api_client`` command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from motcua.registry.models import Person
from motcua.registry.services.population import population_generate


@pytest.fixture
def population(db: None) -> list[Person]:
    population_generate(count=300, seed=11, actor="test")
    return list(Person.objects.order_by("personal_id"))


@pytest.fixture
def official(make_user: Callable[..., Any], commune_pc: Agency) -> Callable[..., Any]:
    def make(*roles: str, agency: Agency | None = None, **fields: Any) -> Any:
        user = make_user("official", **fields)
        for role in roles:
            membership_grant(user_id=user.pk, agency=agency or commune_pc, role=role)
        return user

    return make


def login_official(client: Client, user: Any) -> Client:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client
