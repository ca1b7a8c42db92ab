"""The catalogue API: search (public), definitions (public), export and import (token with scopes)."""

from __future__ import annotations

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from motcua.catalog.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def _token(*scopes):
    """A client made the way operators make one (the catalogue does not import the accounts app)."""
    out = io.StringIO()
    call_command("create_api_client", "province exchange", stdout=out)
    client_id, raw = out.getvalue().strip().removeprefix("client ").split(": ")
    apps.get_model("accounts", "ApiClient").objects.filter(pk=int(client_id)).update(scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("q", ["dang ky khai sinh", "khai sinh dang ky", "đăng ký khai sinh"])
def test_search_puts_birth_registration_first(client, demo_catalog, q):
    body = client.get("/api/v1/procedures", {"q": q}).json()
    assert body["count"] >= 3
    assert body["items"][0]["code"] == "1.001193"
    assert "khai sinh" in body["items"][0]["name"]


def test_certified_copies(client, demo_catalog):
    codes = [i["code"] for i in client.get("/api/v1/procedures", {"q": "chung thuc ban sao"}).json()["items"]]
    assert codes[0] == "2.000815"


def test_list_query_count(client, demo_catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body = client.get("/api/v1/procedures", {"limit": 100}).json()
    assert len(body["items"]) == body["count"] >= 40


def test_filters_are_validated(client):
    response = client.get("/api/v1/procedures", {"level": "planet"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_detail_and_versions(client, demo_catalog):
    body = client.get("/api/v1/procedures/1.001193").json()
    assert body["version"] == 1
    assert body["definition"]["name"] == "Thủ tục đăng ký khai sinh"
    assert body["definition"]["form"]["json_schema"]["type"] == "object"
    assert body["definition"]["processes"][0]["start"] == "receive"
    assert client.get("/api/v1/procedures/1.001193", {"version": 1}).status_code == 200
    missing = client.get("/api/v1/procedures/1.001193", {"version": 9})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get("/api/v1/procedures/9.999999").status_code == 404


def test_export_needs_a_token_with_a_catalogue_scope(client, demo_catalog):
    assert client.get("/api/v1/procedures/export").status_code == 401
    assert client.get("/api/v1/procedures/export", **_token("dossiers:read")).status_code == 403
    response = client.get("/api/v1/procedures/export", {"code": ["1.001193", "1.000894"]}, **_token("catalog:read"))
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["procedures"]] == ["1.000894", "1.001193"]


def test_import_round_trip_through_the_api(client, demo_catalog):
    exported = client.get("/api/v1/procedures/export", **_token("catalog:read")).content
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    writer = _token("catalog:write")
    assert (
        client.post(
            "/api/v1/procedures/import", exported, content_type="application/json", **_token("catalog:read")
        ).status_code
        == 403
    )
    response = client.post("/api/v1/procedures/import", exported, content_type="application/json", **writer)
    assert response.status_code == 200, response.content
    assert response.json()["created"] >= 40
    again = client.get("/api/v1/procedures/export", **_token("catalog:read")).content
    assert json.loads(again) == json.loads(exported)


def test_import_problems_have_paths(client, demo_catalog):
    document = client.get("/api/v1/procedures/export", {"code": "1.001193"}, **_token("catalog:read")).json()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    document["procedures"][0]["versions"][0]["definition"]["form"]["prefill"]["full_name"] = "account.nickname"
    response = client.post(
        "/api/v1/procedures/import", document, content_type="application/json", **_token("catalog:write")
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_procedure"
    assert body["errors"][0]["path"] == "procedures[0].versions[0].definition.form.prefill.full_name"
    assert not Procedure.objects.exists()
