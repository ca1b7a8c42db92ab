"""Filing through the API keeps per process what rarely changes (the client's actor, the receiving agency's id,
the agencies' codes) and answers from what it wrote: none of that may let a revoked client in, keep an agency
a client lost, or answer something other than what a read returns."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import ApiClient
from motcua.accounts.services import api_client_create
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.tests.test_api import BODY

pytestmark = pytest.mark.django_db


def _client(staff: Staff, scopes: list[str] | None = None) -> tuple[ApiClient, str]:
    return api_client_create(
        name="Phần mềm một cửa",
        scopes=scopes or ["dossiers:read", "dossiers:write"],
        agency_ids=[staff.desk.pk, staff.other_commune.pk],
    )


def _file(client: Client, token: str, agency: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/dossiers",
        BODY | {"agency": agency},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **extra,
    )


def test_a_revoked_client_is_refused_at_once(staff: Staff, client: Client) -> None:
    api, token = _client(staff)
    assert _file(client, token, staff.desk.code).status_code == 201
    ApiClient.objects.filter(pk=api.pk).update(active=False)
    assert _file(client, token, staff.desk.code).status_code == 401


def test_a_client_loses_an_agency_or_its_write_scope_at_once(staff: Staff, client: Client) -> None:
    api, token = _client(staff)
    assert _file(client, token, staff.desk.code).status_code == 201
    api.agencies.remove(staff.desk)
    assert _file(client, token, staff.desk.code).status_code == 403
    kept = _file(client, token, staff.other_commune.code)
    assert kept.status_code == 201, kept.content  # its other agency is kept
    ApiClient.objects.filter(pk=api.pk).update(scopes=["dossiers:read"])
    assert _file(client, token, staff.other_commune.code).status_code == 403


def test_a_deactivated_or_recoded_agency_is_refused_once_the_engine_forgets_it(staff: Staff, client: Client) -> None:
    _api, token = _client(staff)
    code = staff.desk.code
    assert _file(client, token, code).status_code == 201
    staff.desk.active = False
    staff.desk.save(update_fields=["active"])
    engine_cache_clear()  # what ``VERSION_CACHE_SECONDS`` does in production
    refused = _file(client, token, code)
    assert refused.status_code == 422 and refused.json()["code"] == "unknown_agency"
    staff.desk.active, staff.desk.code = True, code[:-1] + ("9" if code[-1] != "9" else "8")
    staff.desk.save(update_fields=["active", "code"])
    engine_cache_clear()
    assert _file(client, token, code).status_code == 422  # the old code no longer names it
    assert _file(client, token, staff.desk.code).status_code == 201


def test_the_answer_is_what_a_read_returns_and_a_retry_returns_it_again(staff: Staff, client: Client) -> None:
    _api, token = _client(staff)
    created = _file(client, token, staff.desk.code, HTTP_IDEMPOTENCY_KEY="k-1")
    assert created.status_code == 201
    body = created.json()
    assert [c["name"] for c in body["components"]] == [c["name"] for c in BODY["components"]]
    read = client.get(f"/api/v1/dossiers/{body['code']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert read.json() == body
    again = _file(client, token, staff.desk.code, HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == body


def test_a_retry_returns_the_dossier_even_when_its_body_would_now_be_refused(staff: Staff, client: Client) -> None:
    """The key is looked up only when the filing fails: a retry that fails validation still finds its dossier."""
    _api, token = _client(staff)
    created = _file(client, token, staff.desk.code, HTTP_IDEMPOTENCY_KEY="k-2")
    assert created.status_code == 201
    changes: list[dict[str, Any]] = [{"components": []}, {"procedure": "9.999999"}]
    for change in changes:
        again = client.post(
            "/api/v1/dossiers",
            BODY | {"agency": staff.desk.code} | change,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY="k-2",
        )
        assert (again.status_code, again.json()["code"]) == (201, created.json()["code"])
    fresh = client.post(
        "/api/v1/dossiers",
        BODY | {"agency": staff.desk.code, "components": []},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    assert fresh.status_code == 422  # a new key with a bad body is refused as before
    assert Dossier.objects.filter(client_reference__in=["k-2", "k-3"]).count() == 1
