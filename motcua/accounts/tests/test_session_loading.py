"""A logged-in request's session, user and second factor, read with fewer queries than Django's defaults: the
same answers as Django and django_otp give, on every edge the gate relies on."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.backends import LoginBackend, user_with_devices
from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db

DESK = "/backoffice/desk/"


def verified_client(client, user, device=None):
    client.force_login(user, backend="motcua.accounts.backends.LoginBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (device or TOTPDevice.objects.get(user=user)).persistent_id
    session.save()
    return client


def test_the_user_reads_back_as_the_orm_reads_it(make_user):
    official = make_user(UserKind.OFFICIAL, full_name="Lê Thị Một Cửa", email="motcua@example.vn", phone="0912345678")
    User.objects.filter(pk=official.pk).update(last_login=timezone.now() - dt.timedelta(days=3, microseconds=7))
    expected = User.objects.get(pk=official.pk)
    user, devices = user_with_devices(official.pk)
    assert user is not None
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(user, field.attname)) is type(getattr(expected, field.attname)), field.name
    device = TOTPDevice.objects.get(user=official)
    assert list(devices) == [device.pk]
    assert devices[device.pk].bin_key == device.bin_key and devices[device.pk].confirmed is True
    assert devices[device.pk].user is user


def test_unconfirmed_devices_and_strangers_are_not_loaded(make_user):
    official = make_user(UserKind.OFFICIAL)
    TOTPDevice.objects.filter(user=official).update(confirmed=False)
    citizen = make_user(UserKind.CITIZEN)
    assert user_with_devices(official.pk)[1] == {}
    assert user_with_devices(citizen.pk) == (user_with_devices(citizen.pk)[0], {})
    assert user_with_devices(10**9) == (None, {})


def test_an_inactive_or_unknown_user_is_nobody(make_user):
    official = make_user(UserKind.OFFICIAL)
    backend = LoginBackend()
    assert backend.get_user(official.pk) is not None
    assert backend.get_user("not a number") is None
    official.is_active = False
    official.save()
    assert backend.get_user(official.pk) is None


def test_a_verified_official_reaches_the_desk_in_two_queries_before_the_view(client, make_user, commune_pc):
    from motcua.agencies.services import membership_grant

    official = make_user(UserKind.OFFICIAL)
    membership_grant(user_id=official.pk, agency=commune_pc, role="one_stop_officer", title="Công chức một cửa")
    verified_client(client, official)
    sent: list[str] = []

    def record(execute, sql, params, many, context):  # the SQL as sent (a prepared query's debug text is empty)
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(DESK).status_code == 200
    gate = [sql for sql in sent if "django_session" in sql or "otp_totp" in sql]
    assert len(gate) == 2, gate  # the session; the user with their devices


def test_a_device_of_another_user_verifies_nothing(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    other = make_user(UserKind.OFFICIAL)
    verified_client(client, official, device=TOTPDevice.objects.get(user=other))
    response = client.get(DESK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert DEVICE_ID_SESSION_KEY not in client.session  # dropped, as django_otp drops it


def test_an_unconfirmed_or_deleted_device_verifies_nothing(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    device = TOTPDevice.objects.get(user=official)
    verified_client(client, official)
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    assert client.get(DESK).status_code == 302
    verified_client(client, official, device=device)
    device.delete()
    assert client.get(DESK).status_code == 302


@pytest.mark.parametrize("persistent_id", ["otp_totp.totpdevice/abc", "otp_static.staticdevice/1", "nonsense"])
def test_a_malformed_or_foreign_device_id_verifies_nothing(client, make_user, persistent_id):
    official = make_user(UserKind.OFFICIAL)
    client.force_login(official, backend="motcua.accounts.backends.LoginBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()
    assert client.get(DESK).status_code == 302


def test_a_changed_password_ends_the_session(client, make_user):
    official = make_user(UserKind.OFFICIAL)
    verified_client(client, official)
    official.set_password("another password 2026")
    official.save()
    response = client.get(DESK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sessions_read_back_and_expire_as_djangos(make_user):
    store = SessionStore()
    store["answer"] = "Hồ sơ 42"
    store.create()
    assert SessionStore(store.session_key).load() == {"answer": "Hồ sơ 42"}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on save, never the expired one reused
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
