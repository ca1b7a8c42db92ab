"""Fixtures of the back-office tests: the dossier tests' procedure and staff, and a logged-in official."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.dossiers.tests.conftest import procedure, staff

__all__ = ["procedure", "staff"]


def log_in(client: Client, user: User) -> Client:
    """Log ``user`` in with a verified second factor."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    return lambda user: log_in(client, user)
