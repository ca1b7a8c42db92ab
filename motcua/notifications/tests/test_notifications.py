"""Notifications: one notice per citizen per public move, e-mail at a real SMTP server, retries, SMS log-only."""

from __future__ import annotations

import datetime as dt
import logging
import socket

import pytest
from django.conf import settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.signals import dossier_changed
from motcua.notifications.constants import Channel, DeliveryStatus
from motcua.notifications.models import Delivery, Notification
from motcua.notifications.selectors import notifications_of, unread_count
from motcua.notifications.services import (
    deliveries_retry_due,
    notifications_create,
    notifications_mark_read,
)
from motcua.notifications.sms import SmsGateway, sms_gateways


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


@pytest.fixture
def no_sms(settings):
    settings.NOTIFICATIONS_SMS = False


def test_one_email_per_event_with_code_and_link(world, smtp_server, no_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = world.submit()
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        world.receive(d)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    last = messages[-1]
    assert d.code in str(last["Subject"])
    assert last["To"] == "an@example.vn"
    body = smtp_server.body(last)
    link = f"{settings.PUBLIC_URL}/my-dossiers/{d.code}/"
    assert link in body
    assert "Được tiếp nhận" in body or "Đã tiếp nhận" in body or "tiếp nhận" in body
    assert Notification.objects.filter(user=world.citizen, dossier_id=d.pk).count() == 2


def test_signal_twice_never_duplicates(world, smtp_server, no_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = world.receive(world.submit())
    sent = len(smtp_server.wait_for(2))
    notices = Notification.objects.filter(dossier_id=d.pk).count()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_changed.send(sender=None, dossier_id=d.pk, verb="receive", national_status=2)
        dossier_changed.send(sender=None, dossier_id=d.pk, verb="receive", national_status=2)
        assert notifications_create(dossier_id=d.pk) == []
    assert Notification.objects.filter(dossier_id=d.pk).count() == notices
    smtp_server.wait_for(sent + 1, timeout=0.5)
    assert len(smtp_server.messages) == sent
    assert deliveries_retry_due() == 0  # nothing left to send
    assert len(smtp_server.messages) == sent


def test_failed_email_is_retried_with_backoff(world, smtp_server, no_sms, settings, django_capture_on_commit_callbacks):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()
    with django_capture_on_commit_callbacks(execute=True):
        d = world.submit()
    delivery = Delivery.objects.get(notification__dossier_id=d.pk, channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is not None and delivery.next_attempt_at > timezone.now()
    assert delivery.last_error
    assert smtp_server.messages == []
    assert deliveries_retry_due() == 0  # not yet due
    settings.EMAIL_PORT = port
    later = timezone.now() + dt.timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS + 1)
    assert deliveries_retry_due(at=later) == 1
    assert len(smtp_server.wait_for(1)) == 1
    assert d.code in str(smtp_server.messages[0]["Subject"])
    assert deliveries_retry_due(at=later + dt.timedelta(hours=1)) == 0
    assert len(smtp_server.messages) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)


def test_gives_up_after_max_attempts(world, no_sms, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        d = world.submit()
    at = timezone.now()
    for _ in range(3):
        at += dt.timedelta(days=1)
        deliveries_retry_due(at=at)
    delivery = Delivery.objects.get(notification__dossier_id=d.pk)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)


def test_sms_is_log_only_by_default(world, smtp_server, caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level(logging.INFO, logger="motcua.notifications.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        d = world.submit()
    sms = Delivery.objects.get(notification__dossier_id=d.pk, channel=Channel.SMS)
    assert sms.status == DeliveryStatus.SENT
    assert any("sms (log only)" in r.getMessage() and d.code in r.getMessage() for r in caplog.records)
    assert not any("0912345678" in r.getMessage() for r in caplog.records)  # the phone number is masked


def test_an_sms_gateway_plugin_is_used(world, settings, django_capture_on_commit_callbacks):
    sent: list[tuple[str, str]] = []

    @sms_gateways.register("test-fake")
    class Fake(SmsGateway):
        def send(self, *, phone: str, text: str) -> None:
            sent.append((phone, text))

    settings.NOTIFICATIONS_SMS_GATEWAY = "test-fake"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            d = world.submit()
    finally:
        sms_gateways.unregister("test-fake")
    assert len(sent) == 1
    assert sent[0][0] == "0912345678" and d.code in sent[0][1]


def test_in_app_list_and_read(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        d = world.ask_supplement(world.receive(world.submit()))
    notices = list(notifications_of(user_id=world.citizen.pk))
    assert [n.verb for n in notices] == ["request_supplement", "receive", "submit"]
    assert unread_count(user_id=world.citizen.pk) == 3
    assert notifications_of(user_id=world.other.pk).count() == 0
    assert notifications_mark_read(user_id=world.citizen.pk) == 3
    assert unread_count(user_id=world.citizen.pk) == 0
    assert d.code


def _counter_intake(world, party):
    from motcua.dossiers.services import dossier_submit
    from motcua.dossiers.tests.conftest import CODE, FORM

    return dossier_submit(
        actor=world.staff.actor("officer"),
        agency_id=world.staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=party,
        components=FORM,
        case_code="c1",
        receive=True,
    )


def test_no_notice_without_an_account_or_an_address(world, django_capture_on_commit_callbacks):
    from motcua.dossiers.tests.conftest import PERSON

    with django_capture_on_commit_callbacks(execute=True):
        d = _counter_intake(world, PERSON)  # a phone number but no e-mail: no SMS to non-account holders
    assert not Notification.objects.filter(dossier_id=d.pk).exists()


def test_counter_dossier_with_an_email_gets_mail_with_the_tracking_link(
    world, smtp_server, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    from motcua.dossiers.tests.conftest import PERSON

    with django_capture_on_commit_callbacks(execute=True):
        d = _counter_intake(world, replace(PERSON, email="walkin@example.vn"))
    notices = Notification.objects.filter(dossier_id=d.pk)
    events = notices.count()
    assert events >= 1 and all(n.user_id is None for n in notices)
    messages = smtp_server.wait_for(events)
    assert len(messages) == events
    with django_capture_on_commit_callbacks(execute=True):
        dossier_changed.send(sender=None, dossier_id=d.pk, verb="receive", national_status=4)
    assert notices.count() == events  # a repeated signal adds nothing
    assert messages[-1]["To"] == "walkin@example.vn"
    assert f"{settings.DOSSIERS_TRACKING_URL}{d.code}/" in smtp_server.body(messages[-1])
    assert not Delivery.objects.filter(notification__dossier_id=d.pk, channel=Channel.SMS).exists()


@given(attempts=st.integers(1, 12))
def test_backoff_doubles(attempts):
    from motcua.notifications.services import backoff

    assert backoff(attempts + 1) == 2 * backoff(attempts)
    assert backoff(1).total_seconds() == settings.NOTIFICATIONS_RETRY_SECONDS
