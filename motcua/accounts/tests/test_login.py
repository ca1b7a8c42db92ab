import pytest
from django.core.cache import cache
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_rate_limits():
    cache.clear()


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():0{device.digits}d}"


def login(client, username, password=PASSWORD, otp=""):
    return client.post("/accounts/login/", {"username": username, "password": password, "otp_token": otp})


def test_official_cannot_log_in_without_totp(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    response = login(client, official.username)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert "mã xác thực" in response.content.decode()


def test_official_with_wrong_totp_is_refused(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    wrong = f"{(int(current_code(official)) + 1) % 1_000_000:06d}"
    assert login(client, official.username, otp=wrong).status_code == 401
    assert "_auth_user_id" not in client.session


def test_official_logs_in_with_totp_and_reaches_back_office(client, make_user, commune_pc):
    from motcua.agencies.services import membership_grant

    official = make_user(UserKind.OFFICIAL, full_name="Trần Văn Tiếp Nhận")
    membership_grant(user_id=official.pk, agency=commune_pc, role="one_stop_officer", title="Công chức một cửa")
    response = login(client, official.username, otp=current_code(official))
    assert response.status_code == 302
    assert response["Location"] == "/backoffice/"
    page = client.get("/backoffice/").content.decode()
    assert "Ủy ban nhân dân Phường Hoàn Kiếm" in page
    assert "Cán bộ một cửa" in page


def test_totp_code_is_single_use(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    code = current_code(official)
    assert login(client, official.username, otp=code).status_code == 302
    client.post("/accounts/logout/")
    assert login(client, official.username, otp=code).status_code == 401


def test_ten_wrong_passwords_lock_the_account(client, make_user):
    citizen = make_user(UserKind.CITIZEN)
    for _ in range(9):
        assert login(client, citizen.username, password="wrong-password").status_code == 401
    locked = login(client, citizen.username, password="wrong-password")
    assert locked.status_code == 403
    # Even the right password is refused now.
    assert login(client, citizen.username).status_code == 403
    assert "_auth_user_id" not in client.session


def test_wrong_totp_counts_towards_the_lockout(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    for _ in range(10):
        login(client, official.username, otp="000000")
    assert login(client, official.username, otp=current_code(official)).status_code == 403


def test_citizen_logs_in_with_email_or_phone(client, make_user):
    citizen = make_user(UserKind.CITIZEN, email="an@example.vn", phone="0912000111", personal_id="001090012345")
    assert login(client, "an@example.vn").status_code == 302
    client.post("/accounts/logout/")
    assert login(client, "0912000111").status_code == 302
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_login_is_rate_limited_per_address(client):
    with override_settings(RATELIMIT_LOGIN="3/m"):
        codes = [login(client, f"nobody{i}", password="x").status_code for i in range(4)]
    assert codes[-1] == 429


def test_citizen_is_refused_in_back_office(client, make_user):
    citizen = make_user(UserKind.CITIZEN)
    client.force_login(citizen)
    assert client.get("/backoffice/").status_code == 403


def test_open_redirect_is_refused(client, make_user):
    citizen = make_user(UserKind.CITIZEN)
    response = client.post(
        "/accounts/login/", {"username": citizen.username, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_invalid_personal_id_is_refused(make_user):
    with pytest.raises(DomainError):
        make_user(UserKind.CITIZEN, personal_id="123")
