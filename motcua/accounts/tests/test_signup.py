"""Local citizen accounts through HTTP, with the codes delivered by a real SMTP server."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import PASSWORD
from motcua.accounts.constants import CODE_MAX_ATTEMPTS, CodePurpose, UserKind
from motcua.accounts.models import OneTimeCode, User
from motcua.accounts.services.codes import CodeError, _digest, code_consume, code_issue

pytestmark = pytest.mark.django_db

PID = "001190054321"
NEW_PASSWORD = "mây trắng bay ngang 2026"
FORM = {
    "full_name": "Trần Thị Bình",
    "personal_id": PID,
    "email": "binh@example.vn",
    "phone": "0987000111",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
}


@pytest.fixture(autouse=True)
def _no_rate_history() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _mail_after_commit(django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request's after-commit callbacks (the e-mails) run when the request ends, as they would for real:
    the test's own transaction never commits."""
    original = Client.request

    def request(self: Client, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def code_in(smtp_server: Any, index: int = 0) -> str:
    message = smtp_server.wait_for(index + 1)[index]
    match = re.search(r"^\s+(\d{6})\s*$", smtp_server.body(message), re.M)
    assert match, smtp_server.body(message)
    return match.group(1)


def sign_up(client: Client, **overrides: str) -> Any:
    return client.post("/accounts/signup/", {**FORM, **overrides})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_sign_up_sends_a_code_by_email_and_the_code_opens_the_account(client, smtp_server):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/confirm/"
    user = User.objects.get(personal_id=PID)
    assert not user.is_active
    assert (user.kind, user.username, user.email, user.phone) == (
        UserKind.CITIZEN,
        PID,
        "binh@example.vn",
        "0987000111",
    )
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == "binh@example.vn"
    assert "Mã xác nhận tài khoản" in message["Subject"]
    code = code_in(smtp_server)
    assert code in message["Subject"]
    # Only a keyed hash of the code is stored.
    stored = OneTimeCode.objects.get(user=user)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    # An inactive account cannot log in with its password yet: back to the code page.
    early = Client()
    assert early.post("/accounts/login/", {"username": PID, "password": NEW_PASSWORD})["Location"] == (
        "/accounts/signup/confirm/"
    )
    assert "_auth_user_id" not in early.session

    assert client.get("/accounts/signup/confirm/").status_code == 200
    response = client.post("/accounts/signup/confirm/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert User.objects.get(pk=user.pk).is_active
    assert int(client.session["_auth_user_id"]) == user.pk
    assert PID in client.get("/accounts/profile/").content.decode()
    # The code is used up; the password works from now on.
    assert (
        Client().post("/accounts/login/", {"username": "binh@example.vn", "password": NEW_PASSWORD}).status_code == 302
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("personal_id", "12345", "Nhập số định danh cá nhân hợp lệ"),
        ("personal_id", "000190054321", "Nhập số định danh cá nhân hợp lệ"),
        ("email", "not-an-email", ""),
        ("phone", "12345", "10 chữ số"),
        ("password2", "something else 123", "Hai mật khẩu không giống nhau"),
        ("password1", "12345678901", ""),
    ],
)
def test_sign_up_validates_its_input(client, smtp_server, field, value, message):
    data = {field: value}
    if field == "password1":
        data["password2"] = value
    response = sign_up(client, **data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert not User.objects.filter(personal_id=PID).exists()
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("existing", "field"),
    [
        ({"personal_id": PID}, "personal_id"),
        ({"email": "BINH@example.vn"}, "email"),
        ({"phone": "0987000111"}, "phone"),
    ],
)
def test_one_account_per_personal_id_email_and_phone(client, smtp_server, make_user, existing, field):
    make_user(UserKind.CITIZEN, **existing)
    response = sign_up(client)
    assert response.status_code == 422
    assert f'id="id_{field}-error"' in response.content.decode()
    assert smtp_server.messages == []


def test_owner_of_an_unconfirmed_sign_up_is_sent_back_to_the_code_page(client, smtp_server):
    sign_up(client)
    code = code_in(smtp_server)
    later = Client()  # another day, another browser: the sign-up's session is gone
    response = later.post("/accounts/login/", {"username": "binh@example.vn", "password": NEW_PASSWORD})
    assert response["Location"] == "/accounts/signup/confirm/"
    assert "Tài khoản của bạn chưa được kích hoạt" in later.get("/accounts/signup/confirm/").content.decode()
    assert later.post("/accounts/signup/confirm/", {"code": code}).status_code == 302
    # A wrong password gets the usual answer and no way in.
    stranger = Client()
    assert stranger.post("/accounts/login/", {"username": PID, "password": "wrong password!"}).status_code == 401
    assert stranger.get("/accounts/signup/confirm/").status_code == 404


def test_an_unconfirmed_sign_up_holds_the_personal_id_for_a_day_only(client, smtp_server):
    sign_up(client)
    squatter = User.objects.get(personal_id=PID)
    assert sign_up(Client(), email="real.owner@example.vn").status_code == 422
    User.objects.filter(pk=squatter.pk).update(date_joined=timezone.now() - dt.timedelta(hours=25))
    owner = Client()
    assert sign_up(owner, email="real.owner@example.vn").status_code == 302
    assert not User.objects.filter(pk=squatter.pk).exists()
    assert User.objects.get(personal_id=PID).email == "real.owner@example.vn"


def test_a_confirmed_account_is_never_released(client, smtp_server, make_user):
    user = make_user(UserKind.CITIZEN, personal_id=PID)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=30))
    assert sign_up(client).status_code == 422
    assert User.objects.filter(pk=user.pk).exists()


def test_wrong_code_counts_and_five_wrong_codes_exhaust_it(client, smtp_server):
    sign_up(client)
    code = code_in(smtp_server)
    for left in range(CODE_MAX_ATTEMPTS - 1, 0, -1):
        page = client.post("/accounts/signup/confirm/", {"code": wrong(code)}).content.decode()
        assert f"Bạn còn {left} lần thử" in page
    page = client.post("/accounts/signup/confirm/", {"code": wrong(code)}).content.decode()
    assert "nhập sai quá nhiều lần" in page
    # Even the right code is refused now.
    response = client.post("/accounts/signup/confirm/", {"code": code})
    assert response.status_code == 422
    assert not User.objects.get(personal_id=PID).is_active


def test_expired_code_is_refused(client, smtp_server):
    sign_up(client)
    code = code_in(smtp_server)
    OneTimeCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.post("/accounts/signup/confirm/", {"code": code}).content.decode()
    assert "Mã xác nhận đã hết hạn" in page
    assert not User.objects.get(personal_id=PID).is_active


def test_resend_is_rate_limited_and_replaces_the_old_code(client, smtp_server):
    sign_up(client)
    first = code_in(smtp_server)
    page = client.post("/accounts/code/resend/", follow=True).content.decode()
    assert "chưa đầy một phút" in page
    assert len(smtp_server.messages) == 1
    OneTimeCode.objects.update(created_at=timezone.now() - dt.timedelta(minutes=2))
    page = client.post("/accounts/code/resend/", follow=True).content.decode()
    assert "Chúng tôi đã gửi cho bạn mã mới" in page
    second = code_in(smtp_server, 1)
    if first != second:
        assert client.post("/accounts/signup/confirm/", {"code": first}).status_code == 422
    assert client.post("/accounts/signup/confirm/", {"code": second}).status_code == 302


def test_at_most_five_codes_an_hour(make_user):
    user = make_user(UserKind.CITIZEN)
    start = timezone.now()
    for i in range(5):
        code_issue(user=user, purpose=CodePurpose.RESET, now=start + dt.timedelta(minutes=2 * i))
    with pytest.raises(CodeError) as error:
        code_issue(user=user, purpose=CodePurpose.RESET, now=start + dt.timedelta(minutes=11))
    assert error.value.code == "too_soon"
    code_issue(user=user, purpose=CodePurpose.RESET, now=start + dt.timedelta(minutes=61))


def test_password_reset_by_code(client, smtp_server, make_user):
    user = make_user(UserKind.CITIZEN, email="an@example.vn", personal_id="001090012345")
    response = client.post("/accounts/password-reset/", {"email": "AN@example.vn"})
    assert response["Location"] == "/accounts/password-reset/confirm/"
    message = smtp_server.wait_for(1)[0]
    assert "Mã đặt lại mật khẩu" in message["Subject"]
    code = code_in(smtp_server)
    weak = client.post(
        "/accounts/password-reset/confirm/", {"code": code, "password1": "123456", "password2": "123456"}
    )
    assert weak.status_code == 422
    response = client.post(
        "/accounts/password-reset/confirm/", {"code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "Mật khẩu của bạn đã được thay đổi" in client.get("/accounts/login/").content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    # The code was used once.
    again = client.post("/accounts/password-reset/", {"email": "an@example.vn"})
    assert again.status_code == 302


def test_password_reset_answers_the_same_for_unknown_addresses(client, smtp_server, make_user):
    known, unknown = Client(), Client()
    make_user(UserKind.CITIZEN, email="an@example.vn")
    a = known.post("/accounts/password-reset/", {"email": "an@example.vn"})
    b = unknown.post("/accounts/password-reset/", {"email": "nobody@example.vn"})
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert known.get(a["Location"]).content.decode().count("Đặt mật khẩu mới") == unknown.get(
        b["Location"]
    ).content.decode().count("Đặt mật khẩu mới")
    assert len(smtp_server.wait_for(1)) == 1
    refused = unknown.post(
        "/accounts/password-reset/confirm/", {"code": "123456", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert refused.status_code == 422


def test_no_password_reset_for_national_accounts_or_officials(client, smtp_server, make_user):
    national = make_user(UserKind.CITIZEN, email="an@example.vn")
    User.objects.filter(pk=national.pk).update(oidc_subject="subject-1")
    make_user(UserKind.OFFICIAL, email="canbo@example.vn")
    client.post("/accounts/password-reset/", {"email": "an@example.vn"})
    client.post("/accounts/password-reset/", {"email": "canbo@example.vn"})
    assert smtp_server.messages == []
    assert not OneTimeCode.objects.exists()


def test_code_pages_need_a_sign_up_or_reset_started_in_this_browser(client, smtp_server):
    """A stranger cannot reach anyone's confirmation: which account it is lives only in that browser's session."""
    sign_up(client)
    code = code_in(smtp_server)
    stranger = Client()
    assert stranger.get("/accounts/signup/confirm/").status_code == 404
    assert stranger.post("/accounts/signup/confirm/", {"code": code}).status_code == 404
    assert stranger.get("/accounts/password-reset/confirm/").status_code == 404
    assert stranger.post("/accounts/code/resend/").status_code == 404
    assert not User.objects.get(personal_id=PID).is_active


def test_profile_shows_only_ones_own_account(client, make_user):
    mine = make_user(UserKind.CITIZEN, personal_id="001090012345", full_name="Nguyễn Văn An")
    make_user(UserKind.CITIZEN, personal_id="001190054321", full_name="Trần Thị Bình")
    assert client.get("/accounts/profile/").status_code == 302  # anonymous: to the login page
    client.force_login(mine)
    page = client.get("/accounts/profile/").content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page and "001190054321" not in page


def test_profile_is_not_found_for_officials(client, make_user):
    client.force_login(make_user(UserKind.OFFICIAL, personal_id="001090012345"))
    assert client.get("/accounts/profile/").status_code == 404


def test_sign_up_is_rate_limited_per_address(client, smtp_server, settings):
    settings.RATELIMIT_ACCOUNT_CODES = "2/m"
    codes = [sign_up(client, personal_id="12345").status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_local_sign_up_can_be_turned_off(client, settings):
    settings.ACCOUNTS_LOCAL_SIGNUP = False
    assert client.get("/accounts/signup/").status_code == 404
    assert sign_up(client).status_code == 404
    assert 'href="/accounts/signup/"' not in client.get("/accounts/login/").content.decode()


def test_signup_page_in_english(client):
    page = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Create an account" in page


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet="0123456789 ", max_size=8), min_size=1, max_size=8))
def test_wrong_codes_are_counted_until_the_code_is_exhausted(guesses):
    """Property: each wrong try is counted; the first four say how many are left, then the code is dead."""
    user, _ = User.objects.get_or_create(username="hypothesis-user", defaults={"kind": UserKind.CITIZEN})
    OneTimeCode.objects.filter(user=user).delete()
    code_issue(user=user, purpose=CodePurpose.ACTIVATE)
    entry = OneTimeCode.objects.get(user=user)
    wrong_guesses = [
        g
        for g in guesses
        if _digest(user_id=user.pk, purpose=CodePurpose.ACTIVATE, code="".join(g.split())) != entry.code_hash
    ]
    outcomes = []
    for guess in wrong_guesses:
        with pytest.raises(CodeError) as error:
            code_consume(user_id=user.pk, purpose=CodePurpose.ACTIVATE, code=guess)
        outcomes.append(error.value.code)
    expected = ["wrong"] * (CODE_MAX_ATTEMPTS - 1) + ["exhausted"] * len(wrong_guesses)
    assert outcomes == expected[: len(wrong_guesses)]
    entry.refresh_from_db()
    assert entry.attempts == min(len(wrong_guesses), CODE_MAX_ATTEMPTS)
    assert entry.used_at is None
