"""Reminders: a dossier due within 24 working hours gives each of its handlers exactly one reminder a day, in
the back office and by e-mail, however often the timed task runs; overdue work is reminded too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier, Reminder, ReminderKind
from motcua.dossiers.services.reminders import reminders_send
from motcua.dossiers.tasks import dossiers_remind
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.tests.test_handlers import intake
from tests.smtp import SmtpServer

pytestmark = pytest.mark.django_db


def log_in(client: Client, user: User) -> Client:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def _due_in(staff: Staff, d: Dossier, delta: dt.timedelta) -> None:
    svc.dossier_correct(
        actor=staff.actor("admin"),
        dossier_id=d.pk,
        field="due_at",
        value=(timezone.now() + delta).isoformat(),
        reason="Thử nhắc việc",
    )


def test_one_reminder_per_handler_per_day_even_when_run_twice(staff: Staff, smtp_server: SmtpServer) -> None:
    staff.specialist.email, staff.colleague.email = "chuyenvien@example.vn", "dongnghiep@example.vn"
    staff.specialist.save(update_fields=["email"])
    staff.colleague.save(update_fields=["email"])
    due = intake(staff)
    svc.dossier_assign(
        actor=staff.actor("commune_leader"),
        dossier_id=due.pk,
        assignee_id=staff.specialist.pk,
        co_handlers=[staff.colleague.pk],
    )
    _due_in(staff, due, dt.timedelta(hours=2))
    late = intake(staff)
    svc.dossier_assign(actor=staff.actor("commune_leader"), dossier_id=late.pk, assignee_id=staff.specialist.pk)
    _due_in(staff, late, dt.timedelta(hours=-3))
    far = intake(staff)  # due in five working days: no reminder
    assert far.due_at is not None and far.due_at > timezone.now() + dt.timedelta(days=2)

    assert reminders_send() == (3, 2)
    smtp_server.wait_for(2)
    assert reminders_send() == (0, 0)
    dossiers_remind.enqueue()  # the timed task (immediate backend in tests)
    call_command("dossiers_remind")
    assert Reminder.objects.count() == 3
    kinds = dict(Reminder.objects.filter(user=staff.specialist).values_list("dossier_id", "kind"))
    assert kinds == {due.pk: ReminderKind.DUE, late.pk: ReminderKind.OVERDUE}
    assert set(Reminder.objects.filter(user=staff.colleague).values_list("dossier_id", flat=True)) == {due.pk}
    mails = smtp_server.messages
    assert len(mails) == 2
    body = {m["To"]: smtp_server.body(m) for m in mails}
    assert due.code in body["chuyenvien@example.vn"] and late.code in body["chuyenvien@example.vn"]
    assert late.code not in body["dongnghiep@example.vn"]


def test_an_unassigned_dossier_reminds_the_leaders_and_the_home_page_lists_it(staff: Staff, client: Client) -> None:
    d = intake(staff)
    _due_in(staff, d, dt.timedelta(hours=1))
    reminders_send()
    assert list(Reminder.objects.values_list("user_id", flat=True)) == [staff.commune_leader.pk]
    page = log_in(client, staff.commune_leader).get(reverse("backoffice:home")).content.decode()
    assert 'id="reminders"' in page and d.code in page
    assert d.code not in log_in(client, staff.specialist).get(reverse("backoffice:home")).content.decode()
