"""Through HTTP: the API, the officials' lookup page, the citizen's page, the prefill source."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from motcua.agencies.constants import Role
from motcua.plugins.prefill import prefill_sources
from motcua.registry.accessors import Purpose, official_accessor
from motcua.registry.models import AccessFlag, AccessLog
from motcua.registry.services.lookup import person_lookup
from motcua.registry.tests.conftest import login_official

LOOKUP = "/api/v1/registry/lookup"


class UserKind:
    CITIZEN, OFFICIAL = "citizen", "official"


def _token(commune_pc, scopes=("registry:lookup",)):
    out = io.StringIO()
    args = [arg for scope in scopes for arg in ("--scope", scope)]
    call_command("create_api_client", "Cổng DVC quốc gia", *args, "--agency", commune_pc.code, stdout=out)
    raw = out.getvalue().strip().split(": ", 1)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_bulk_lookup_logs_once(client, population, commune_pc):
    ids = [p.personal_id for p in population[:200]]
    body = {"personal_ids": ids, "purpose": "Đồng bộ hồ sơ", "dossier_ref": "H26-1"}
    response = client.post(LOOKUP, body, content_type="application/json", **_token(commune_pc))
    assert response.status_code == 200, response.content
    data = response.json()
    assert len(data["items"]) == 200
    assert data["field_set"] == "standard"
    assert "religion" not in data["items"][0]
    entry = AccessLog.objects.get()
    assert (entry.channel, entry.agency_id, entry.result_count) == ("api", commune_pc.pk, 200)
    assert entry.api_client_id is not None


def test_api_refuses_without_purpose_scope_or_token(client, population, commune_pc):
    pid = population[0].personal_id
    no_purpose = client.post(LOOKUP, {"personal_ids": [pid]}, content_type="application/json", **_token(commune_pc))
    assert no_purpose.status_code == 422
    assert no_purpose["Content-Type"] == "application/problem+json"
    assert no_purpose.json()["code"] == "purpose_required"
    no_scope = client.post(
        LOOKUP,
        {"personal_ids": [pid], "purpose": "x" * 5},
        content_type="application/json",
        **_token(commune_pc, scopes=["dossiers:read"]),
    )
    assert no_scope.status_code == 403
    assert no_scope.json()["code"] == "scope_missing"
    assert (
        client.post(LOOKUP, {"personal_ids": [pid], "purpose": "abcde"}, content_type="application/json").status_code
        == 401
    )
    too_many = client.post(
        LOOKUP,
        {"personal_ids": ["001090012345"] * 1001, "purpose": "abcde"},
        content_type="application/json",
        **_token(commune_pc),
    )
    assert too_many.status_code == 422
    assert AccessLog.objects.count() == 0


def test_api_search_and_household(client, population, commune_pc):
    person = population[5]
    headers = _token(commune_pc)
    found = client.post(
        "/api/v1/registry/search",
        {"full_name": person.name_folded, "birth_date": person.birth_date.isoformat(), "purpose": "Kiểm tra"},
        content_type="application/json",
        **headers,
    )
    assert found.status_code == 200
    assert person.personal_id in [i["personal_id"] for i in found.json()["items"]]
    members = client.post(
        "/api/v1/registry/household",
        {"household": person.household_id, "purpose": "Kiểm tra"},
        content_type="application/json",
        **headers,
    )
    assert members.status_code == 200
    assert AccessLog.objects.count() == 2


def test_official_page_lookup_logs_once_and_refuses_without_purpose(client, population, official, commune_pc):
    user = official(Role.SPECIALIST)
    login_official(client, user)
    url = reverse("backoffice:registry_lookup")
    assert client.get(url).status_code == 200
    person = population[2]
    refused = client.post(url, {"agency": commune_pc.pk, "mode": "id", "personal_id": person.personal_id})
    assert refused.status_code == 422
    assert AccessLog.objects.count() == 0
    ok = client.post(
        url, {"agency": commune_pc.pk, "mode": "id", "personal_id": person.personal_id, "purpose": "Hồ sơ khai sinh"}
    )
    assert ok.status_code == 200
    assert person.full_name in ok.content.decode()
    assert AccessLog.objects.filter(channel="page", actor_user=user).count() == 1


def test_an_official_without_a_lookup_role_is_refused(client, official):
    login_official(client, official())
    assert client.get(reverse("backoffice:registry_lookup")).status_code == 403
    assert client.get(reverse("backoffice:registry_flags")).status_code == 403


def _look_at(person, official, commune_pc, role=Role.SPECIALIST):
    user = official(role)
    accessor = official_accessor(user_id=user.pk, username=user.username, agency_id=commune_pc.pk)
    return person_lookup(
        accessor=accessor, purpose=Purpose(text="Giải quyết hồ sơ"), personal_ids=[person.personal_id]
    ).log_id


def test_citizen_sees_and_flags_accesses_and_the_agency_admin_sees_the_flag(
    client, population, official, commune_pc, make_user
):
    person = population[0]
    log_id = _look_at(person, official, commune_pc)
    citizen = make_user(UserKind.CITIZEN, personal_id=person.personal_id)
    client.force_login(citizen)
    page = client.get(reverse("portal:privacy_accesses"))
    assert page.status_code == 200
    assert "Giải quyết hồ sơ" in page.content.decode()
    flag_url = reverse("portal:privacy_flag", args=[log_id])
    assert client.get(flag_url).status_code == 200
    assert client.post(flag_url, {"reason": ""}).status_code == 422
    assert client.post(flag_url, {"reason": "Tôi không có hồ sơ nào ở đây"}).status_code == 302
    assert AccessFlag.objects.get().log_id == log_id
    admin = official(Role.AGENCY_ADMIN)
    login_official(client, admin)
    flags = client.get(reverse("backoffice:registry_flags"))
    assert flags.status_code == 200
    assert "Tôi không có hồ sơ nào ở đây" in flags.content.decode()
    outsider = official(Role.AGENCY_ADMIN, agency=type(commune_pc).objects.get(code="000.00.00.H26"))
    login_official(client, outsider)
    assert "Tôi không có hồ sơ nào ở đây" not in client.get(reverse("backoffice:registry_flags")).content.decode()


def test_a_stranger_never_sees_anothers_accesses(client, population, official, commune_pc, make_user):
    victim, stranger = population[0], population[1]
    log_id = _look_at(victim, official, commune_pc)
    client.force_login(make_user(UserKind.CITIZEN, personal_id=stranger.personal_id))
    page = client.get(reverse("portal:privacy_accesses"))
    assert page.status_code == 200
    assert "Giải quyết hồ sơ" not in page.content.decode()
    assert client.get(reverse("portal:privacy_flag", args=[log_id])).status_code == 404
    assert client.post(reverse("portal:privacy_flag", args=[log_id]), {"reason": "không phải tôi"}).status_code == 404
    assert AccessFlag.objects.count() == 0


@pytest.mark.parametrize("kind", [UserKind.CITIZEN, UserKind.OFFICIAL])
def test_accounts_without_a_personal_id_are_refused(client, make_user, kind):
    client.force_login(make_user(kind))
    assert client.get(reverse("portal:privacy_accesses")).status_code == 403


def test_prefill_gives_only_the_own_record_and_logs_a_self_lookup(client, population, make_user):
    person = population[4]
    citizen = make_user(UserKind.CITIZEN, personal_id=person.personal_id)
    source = prefill_sources.get("registry")()
    values = source.values_for(user_id=citizen.pk, fields=["full_name", "birth_date", "permanent_address", "nope"])
    assert values["full_name"] == person.full_name
    assert set(values) == {"full_name", "birth_date", "permanent_address"}
    entry = AccessLog.objects.get()
    assert (entry.channel, entry.lookup_kind, entry.actor_user_id, entry.result_count) == (
        "prefill",
        "self",
        citizen.pk,
        1,
    )
    client.force_login(citizen)
    assert client.get(reverse("portal:privacy_accesses")).status_code == 200
    assert source.values_for(user_id=make_user().pk, fields=["full_name"]) == {}
    assert AccessLog.objects.count() == 1
