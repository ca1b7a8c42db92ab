"""The leaders' dashboard: a leader sees their agency and those under it, nobody else's; others are refused."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.dossiers.tests.conftest import Staff
from motcua.statistics.services import rollups_update_all
from motcua.statistics.tests.recount import intake

URL = "/backoffice/statistics/"


def _log_in(client: Client, user: User) -> Client:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def test_a_leader_sees_their_agency_and_those_under_it(client: Client, staff: Staff) -> None:
    now = timezone.localtime()
    intake(staff, now, "online")
    rollups_update_all()
    _log_in(client, staff.commune_leader)
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert staff.commune.name in text
    board = page.context["board"]
    assert board.periods[0].values["received_online"] == 1 and board.periods[2].values["received_total"] >= 1
    assert client.get(URL, {"agency": staff.other_commune.code}).status_code == 404
    assert client.get(URL, {"agency": staff.dept.code}).status_code == 404


def test_others_are_refused(client: Client, staff: Staff) -> None:
    assert client.get(URL).status_code == 302
    _log_in(client, staff.specialist)
    assert client.get(URL).status_code == 403
