"""Public progress: the page (challenge, rate limit, masked owner), the API (404 problem+json, throttle),
and the city's live figures."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.dossiers.tests.conftest import procedure  # noqa: F401 (fixture)
from motcua.notifications.tests.support import World, world_for


@pytest.fixture
def world(make_user, procedure) -> World:  # noqa: F811
    cache.clear()
    return world_for(make_user)


def _solve(page: str) -> dict[str, str]:
    token = re.search(r'name="token" value="([^"]+)"', page)
    sum_ = re.search(r"(\d) \+ (\d)", page)
    assert token and sum_
    return {"token": token.group(1), "answer": str(int(sum_.group(1)) + int(sum_.group(2)))}


def test_lookup_with_challenge(client, world):
    d = world.receive(world.submit())
    form = client.get(reverse("portal:track_code", args=[d.code])).content.decode()
    assert f'value="{d.code}"' in form  # the slip's QR code fills the code in
    solved = _solve(form)
    wrong = client.post(reverse("portal:track"), {"code": d.code, "token": solved["token"], "answer": "99"})
    assert wrong.status_code == 422
    ok = client.post(reverse("portal:track"), {"code": d.code, **solved})
    assert ok.status_code == 200
    page = ok.content.decode()
    assert "Nguyễn V** A**" in page and "Nguyễn Văn An" not in page
    assert "001090012345" not in page and "0912345678" not in page
    assert world.staff.desk.name in page
    again = client.post(reverse("portal:track"), {"code": d.code, **solved})
    assert again.status_code == 422  # a challenge is good once


def test_unknown_code_says_so(client, world):
    solved = _solve(client.get(reverse("portal:track")).content.decode())
    response = client.post(reverse("portal:track"), {"code": "H26-000000-0000", **solved})
    assert response.status_code == 404
    assert "H26-000000-0000" in response.content.decode()


def test_lookups_are_rate_limited_per_address(client, world, settings):
    settings.TRACKING_RATE = "3/m"
    codes = [
        client.post(reverse("portal:track"), {"code": "X", "answer": "1"}, REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(4)
    ]
    assert codes[:3] == [422, 422, 422] and codes[3] == 429
    assert client.post(reverse("portal:track"), {"code": "X"}, REMOTE_ADDR="203.0.113.6").status_code == 422


def test_api_public_dossier(client, world):
    d = world.to_result(world.receive(world.submit()))
    response = client.get(f"/api/v1/public/dossiers/{d.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == d.code and body["owner"] == "Nguyễn V** A**"
    assert body["national_status"] == 9 and body["agency"] == world.staff.desk.name
    assert body["steps"][0]["national_status"] == 1
    assert "Nguyễn Văn An" not in response.content.decode()
    assert "sessionid" not in response.cookies


def test_api_public_dossier_speaks_the_callers_language(client, world):
    """The labels are kept per process and language: each request gets its own language's, in either order."""
    d = world.to_result(world.receive(world.submit()))
    for language, status, action in [("en", "Result ready", "Submitted"), ("vi", "Đã xử lý xong", "Nộp hồ sơ")] * 2:
        body = client.get(f"/api/v1/public/dossiers/{d.code}", HTTP_ACCEPT_LANGUAGE=language).json()
        assert body["status"] == status and body["steps"][0]["action"] == action, language


def test_api_unknown_code_is_problem_json(client, world):
    response = client.get("/api/v1/public/dossiers/NO-SUCH", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_api_is_throttled(client, world, settings):
    settings.RATELIMIT_API = "3/m"
    statuses = [client.get("/api/v1/public/dossiers/NO-SUCH", REMOTE_ADDR="198.51.100.9").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_live_figures_page(client, world):
    from motcua.statistics.services import rollups_update_all

    world.to_result(world.receive(world.submit()))
    rollups_update_all()
    cache.clear()
    page = client.get(reverse("portal:track_figures"))
    assert page.status_code == 200
    assert world.staff.desk.name in page.content.decode()
