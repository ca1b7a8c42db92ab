"""Reminders (nhắc việc): once a day each handler hears of the dossiers they handle that are due within 24
working hours or overdue — in the back office and by e-mail. The unique (user, dossier, day) row makes a
second run on the same day a no-op, whether it is the timed task, the command or both."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.agencies.models import Membership
from motcua.dossiers.constants import WORKING
from motcua.dossiers.models import Dossier, DossierHandler, HandlerKind, Reminder, ReminderKind
from motcua.workdays import add_working_time, calendar_for

DUE_HOURS = 24


def _recipients(dossiers: list[Dossier]) -> dict[int, set[int]]:
    """Dossier id → its handlers: the main handler and co-handlers, or the leaders of an unassigned dossier."""
    found: dict[int, set[int]] = defaultdict(set)
    for d in dossiers:
        if d.assignee_id is not None:
            found[d.pk].add(d.assignee_id)
    co = DossierHandler.objects.filter(
        dossier_id__in=[d.pk for d in dossiers], kind=HandlerKind.CO_HANDLER, ended_at__isnull=True
    )
    for dossier_id, user_id in co.values_list("dossier_id", "user_id"):
        found[dossier_id].add(user_id)
    unassigned = {d.current_agency_id for d in dossiers if d.assignee_id is None}
    leaders: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.current().filter(agency_id__in=unassigned, role=Role.LEADER, user__is_active=True)
    for agency_id, user_id in rows.values_list("agency_id", "user_id"):
        leaders[agency_id].add(user_id)
    for d in dossiers:
        if d.assignee_id is None:
            found[d.pk] |= leaders[d.current_agency_id]
    return found


def reminders_create(*, now: dt.datetime | None = None) -> int:
    """Record today's reminders; the number of new ones (0 when this day's run already happened)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    bound = add_working_time(calendar_for(), now, dt.timedelta(hours=DUE_HOURS))
    dossiers = list(
        Dossier.objects.filter(state__in=WORKING)
        .filter(Q(due_at__lte=bound) | Q(handler_due_at__lte=bound))
        .only("id", "due_at", "handler_due_at", "assignee_id", "current_agency_id")
    )
    rows = []
    by_id = {d.pk: d for d in dossiers}
    for dossier_id, users in _recipients(dossiers).items():
        d = by_id[dossier_id]
        for user_id in users:
            # the main handler's own deadline counts for them; everyone else works to the dossier's
            personal = d.handler_due_at if user_id == d.assignee_id else None
            due = min(x for x in (personal, d.due_at) if x is not None)
            if due > bound:
                continue
            kind = ReminderKind.OVERDUE if due < now else ReminderKind.DUE
            rows.append(Reminder(user_id=user_id, dossier_id=dossier_id, day=day, kind=kind, due_at=due))
    before = Reminder.objects.filter(day=day).count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Reminder.objects.filter(day=day).count() - before


def reminders_mail(*, now: dt.datetime | None = None) -> int:
    """E-mail each handler their not yet mailed reminders of the day, one message each; the number sent."""
    day = timezone.localdate(now or timezone.now())
    sent = 0
    with transaction.atomic():
        pending = Reminder.objects.filter(day=day, emailed_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        by_user: dict[int, list[Reminder]] = defaultdict(list)
        for reminder in pending.select_related("dossier").order_by("due_at"):
            by_user[reminder.user_id].append(reminder)
        users = User.objects.filter(pk__in=by_user, is_active=True).exclude(email="")
        for user in users:
            _mail(user, by_user[user.pk])
            sent += 1
        ids = [r.pk for items in by_user.values() for r in items]
        Reminder.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return sent


def _mail(user: User, reminders: list[Reminder]) -> None:
    base = settings.PUBLIC_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            "- {code} ({kind}, {due:%H:%M %d/%m/%Y}): {url}".format(
                code=r.dossier.code,
                kind=ReminderKind(r.kind).label,
                due=timezone.localtime(r.due_at),
                url=f"{base}/backoffice/desk/dossiers/{r.dossier.code}/",
            )
            for r in reminders
        ]
        subject = _("%(count)d dossier(s) due soon or overdue") % {"count": len(reminders)}
        body = "\n".join([_("Dossiers you handle that are due within 24 working hours or overdue:"), "", *lines, ""])
    send_mail(subject, body, None, [user.email])


def reminders_send(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """The daily run: record the reminders, then mail them (if ``DOSSIERS_REMINDER_MAIL``)."""
    created = reminders_create(now=now)
    mailed = reminders_mail(now=now) if settings.DOSSIERS_REMINDER_MAIL else 0
    return created, mailed


def reminders_for(*, user_id: int, day: dt.date | None = None) -> list[Reminder]:
    """The user's reminders of the day, for the back-office home."""
    day = day or timezone.localdate()
    return list(Reminder.objects.filter(user_id=user_id, day=day).select_related("dossier").order_by("due_at")[:100])
