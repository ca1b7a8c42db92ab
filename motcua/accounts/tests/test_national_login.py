"""National identity login against a scriptable provider over real HTTP: the happy path and every refusal."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from joserfc.jwk import RSAKey

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.accounts.services.national import parse_birth_date
from motcua.accounts.tests.fake_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, RunningProvider

pytestmark = pytest.mark.django_db

PID = "001090012345"
CLAIMS = {
    "SoDinhDanh": PID,
    "HoVaTen": "Nguyễn Văn An",
    "NgayThangNamSinh": "17/05/1990",
    "SoDienThoai": "0912345000",
    "ThuDienTu": "an.nguyen@example.vn",
}


@pytest.fixture
def provider(settings: Any) -> Iterator[FakeProvider]:
    with RunningProvider(FakeProvider(userinfo=dict(CLAIMS))) as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_CLIENT_ID = CLIENT_ID
        settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_ACR_VALUES = ["LoA2", "LoA3"]
        yield running


def start(client: Client, provider: FakeProvider, next_url: str = "") -> dict[str, str]:
    response = client.get("/accounts/national/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    assert response["Location"].startswith(provider.issuer + "/auth?")
    return provider.authorize(response["Location"])


def callback(client: Client, **params: str) -> Any:
    return client.get("/accounts/national/callback/", params)


def log_in(client: Client, provider: FakeProvider) -> Any:
    query = start(client, provider)
    return callback(client, code="code-1", state=query["state"])


def assert_refused(response: Any, code: str, status: int = 403) -> None:
    assert response.status_code == status
    assert f'data-code="{code}"' in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_authorization_request_carries_pkce_state_nonce_and_acr(client, provider):
    query = start(client, provider)
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert query["acr_values"] == "LoA2 LoA3"
    assert query["scope"].split() == ["openid", "profile"]
    assert query["redirect_uri"] == "http://testserver/accounts/national/callback/"


def test_citizen_is_created_and_logged_in(client, provider):
    response = log_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(oidc_subject="subject-1")
    assert (user.kind, user.personal_id, user.full_name) == (UserKind.CITIZEN, PID, "Nguyễn Văn An")
    assert user.birth_date == dt.date(1990, 5, 17)
    assert (user.phone, user.email) == ("0912345000", "an.nguyen@example.vn")
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["accounts:national"]["acr"] == "LoA2"
    # The token request proved possession of the PKCE verifier and sent the redirect URI.
    assert provider.token_requests[0]["code_verifier"]
    page = client.get("/accounts/profile/").content.decode()
    assert PID in page and "LoA2" in page


def test_second_login_finds_the_same_account(client, provider):
    log_in(client, provider)
    client.post("/accounts/logout/")
    provider.userinfo["HoVaTen"] = "Nguyễn Văn Ân"
    assert log_in(client, provider).status_code == 302
    assert User.objects.filter(personal_id=PID).count() == 1
    assert User.objects.get(personal_id=PID).full_name == "Nguyễn Văn Ân"


def test_local_account_with_the_same_personal_id_is_linked_and_loses_its_password(client, provider, make_user):
    local = make_user(UserKind.CITIZEN, personal_id=PID, email="an@example.vn")
    assert local.has_usable_password()
    assert log_in(client, provider).status_code == 302
    local.refresh_from_db()
    assert local.oidc_subject == "subject-1"
    assert not local.has_usable_password()
    assert int(client.session["_auth_user_id"]) == local.pk


def test_next_page_is_kept_but_never_off_site(client, provider):
    query = start(client, provider, next_url="/my-data/")
    assert callback(client, code="code-1", state=query["state"])["Location"] == "/my-data/"
    client.post("/accounts/logout/")
    query = start(client, provider, next_url="https://evil.example/")
    assert callback(client, code="code-1", state=query["state"])["Location"] == "/"


def test_state_mismatch_is_refused(client, provider):
    start(client, provider)
    assert_refused(callback(client, code="code-1", state="forged"), "state_mismatch")


def test_callback_without_a_started_login_is_refused(client, provider):
    """Login CSRF: an attacker's code and state pasted into the victim's browser."""
    attacker = Client()
    query = start(attacker, provider)
    assert_refused(callback(client, code="code-1", state=query["state"]), "state_mismatch")


def test_callback_cannot_be_replayed(client, provider):
    query = start(client, provider)
    assert callback(client, code="code-1", state=query["state"]).status_code == 302
    client.post("/accounts/logout/")
    assert_refused(callback(client, code="code-1", state=query["state"]), "state_mismatch")


def test_wrong_nonce_is_refused(client, provider):
    provider.id_token_claims["nonce"] = "another-nonce"
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_missing_nonce_is_refused(client, provider):
    provider.id_token_claims["nonce"] = None
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_wrong_audience_is_refused(client, provider):
    provider.id_token_claims["aud"] = "another-client"
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_several_audiences_without_azp_are_refused(client, provider):
    provider.id_token_claims["aud"] = [CLIENT_ID, "another-client"]
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_wrong_issuer_is_refused(client, provider):
    provider.id_token_claims["iss"] = "https://evil.example"
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_expired_token_is_refused(client, provider):
    now = int(time.time())
    provider.id_token_claims.update(iat=now - 7200, exp=now - 3600)
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_tampered_signature_is_refused(client, provider):
    provider.tamper = True
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_token_signed_by_another_key_is_refused(client, provider):
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_token_signed_with_the_client_secret_is_refused(client, provider):
    """HS256 with the client secret (anyone holding the secret could forge it): only asymmetric keys."""
    provider.hmac_with_secret = True
    assert_refused(log_in(client, provider), "invalid_id_token", 400)


def test_missing_personal_id_is_refused(client, provider):
    del provider.userinfo["SoDinhDanh"]
    response = log_in(client, provider)
    assert_refused(response, "personal_id_missing")
    assert "số định danh cá nhân" in response.content.decode()
    assert not User.objects.filter(oidc_subject="subject-1").exists()


@pytest.mark.parametrize("bad", ["12345", "000090012345", "001290012345", "00109001234X"])
def test_invalid_personal_id_is_refused(client, provider, bad):
    provider.userinfo["SoDinhDanh"] = bad
    assert_refused(log_in(client, provider), "personal_id_invalid")


def test_personal_id_claim_name_is_configurable(client, provider, settings):
    settings.OIDC_PERSONAL_ID_CLAIM = "cccd"
    provider.userinfo["cccd"] = provider.userinfo.pop("SoDinhDanh")
    assert log_in(client, provider).status_code == 302
    assert User.objects.get(oidc_subject="subject-1").personal_id == PID


def test_assurance_below_the_minimum_is_refused(client, provider):
    provider.id_token_claims["acr"] = "LoA1"
    response = log_in(client, provider)
    assert_refused(response, "assurance_too_low")
    assert "mức độ" in response.content.decode()


def test_missing_acr_is_refused_when_levels_are_required(client, provider):
    provider.id_token_claims["acr"] = None
    assert_refused(log_in(client, provider), "assurance_too_low")


def test_officials_personal_id_is_refused(client, provider, make_user):
    make_user(UserKind.OFFICIAL, personal_id=PID)
    response = log_in(client, provider)
    assert_refused(response, "official")
    assert not User.objects.filter(oidc_subject="subject-1").exists()


def test_personal_id_tied_to_another_subject_is_refused(client, provider, make_user):
    other = make_user(UserKind.CITIZEN, personal_id=PID)
    User.objects.filter(pk=other.pk).update(oidc_subject="someone-else")
    assert_refused(log_in(client, provider), "personal_id_taken")


def test_subject_whose_personal_id_changed_is_refused(client, provider):
    log_in(client, provider)
    client.post("/accounts/logout/")
    provider.userinfo["SoDinhDanh"] = "001190054321"
    assert_refused(log_in(client, provider), "identity_mismatch")


def test_userinfo_about_another_subject_is_refused(client, provider):
    provider.userinfo["sub"] = "someone-else"
    assert_refused(log_in(client, provider), "subject_mismatch", 400)


def test_provider_error_is_shown_plainly(client, provider):
    query = start(client, provider)
    response = callback(client, error="access_denied", state=query["state"])
    assert_refused(response, "denied", 400)


def test_national_login_is_off_without_an_issuer(client, settings):
    settings.OIDC_ISSUER = ""
    assert client.get("/accounts/national/").status_code == 404
    assert client.get("/accounts/national/callback/").status_code == 404
    assert 'id="national-login"' not in client.get("/accounts/login/").content.decode()


def test_login_page_shows_the_button_when_configured(client, provider, settings):
    settings.OIDC_BUTTON_LABEL = "Đăng nhập bằng VNeID"
    page = client.get("/accounts/login/").content.decode()
    assert 'id="national-login"' in page and "Đăng nhập bằng VNeID" in page


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("vi", "Đăng nhập bằng tài khoản định danh điện tử VNeID"),
        ("en", "Log in with VNeID, the national electronic identity"),
    ],
)
def test_default_button_label_is_translated(client, provider, language, label):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in page


def test_unreachable_provider_gives_a_clear_page(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    response = client.get("/accounts/national/")
    assert response.status_code == 502
    assert "Dịch vụ định danh" in response.content.decode()


def test_logout_ends_the_providers_session_too(client, provider):
    log_in(client, provider)
    id_token = client.session["accounts:national"]["id_token"]
    response = client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == provider.issuer + "/session/end"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query == {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": "http://testserver/",
        "client_id": CLIENT_ID,
    }


def test_logout_without_end_session_endpoint_goes_home(client, provider):
    provider.end_session = False
    log_in(client, provider)
    assert client.post("/accounts/logout/")["Location"] == "/"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_birth_dates_parse_in_every_accepted_format(day):
    for text in (day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), day.strftime("%Y%m%d")):
        assert parse_birth_date(text) == day
