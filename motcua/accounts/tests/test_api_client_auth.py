"""API client authentication: the token finds its active client; ``last_used_at`` is written at most once a
minute (a busy integrator would otherwise rewrite its row on every request)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.accounts.models import ApiClient
from motcua.accounts.services import LAST_USED_RESOLUTION, api_client_authenticate, api_client_create

pytestmark = pytest.mark.django_db


def _updates(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE"))


def test_last_used_is_written_once_a_minute() -> None:
    client, raw = api_client_create(name="Phần mềm một cửa", scopes=["dossiers:read"])
    with CaptureQueriesContext(connection) as first:
        assert api_client_authenticate(raw) == client
    used = ApiClient.objects.get(pk=client.pk).last_used_at
    assert used is not None and _updates(first) == 1
    with CaptureQueriesContext(connection) as again:
        assert api_client_authenticate(raw) == client
    assert _updates(again) == 0 and ApiClient.objects.get(pk=client.pk).last_used_at == used
    # a minute later the next request records its time
    stale = used - LAST_USED_RESOLUTION - dt.timedelta(seconds=1)
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=stale)
    with CaptureQueriesContext(connection) as later:
        assert api_client_authenticate(raw) == client
    recorded = ApiClient.objects.get(pk=client.pk).last_used_at
    assert _updates(later) == 1 and recorded is not None
    assert recorded > timezone.now() - dt.timedelta(seconds=5)


def test_a_wrong_or_revoked_token_finds_no_client() -> None:
    client, raw = api_client_create(name="Phần mềm một cửa", scopes=["dossiers:read"])
    assert api_client_authenticate(raw + "x") is None
    ApiClient.objects.filter(pk=client.pk).update(active=False)
    assert api_client_authenticate(raw) is None
