"""Writes of notifications: one notice per citizen per public move (after commit), its deliveries by e-mail
and SMS with claimed, retried sends, and marking notices read."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.notifications.constants import Channel, DeliveryStatus
from motcua.notifications.messages import message_for
from motcua.notifications.models import Delivery, Notification
from motcua.notifications.progress import MOVE_VERBS, REASONED, is_public
from motcua.notifications.sms import sms_gateway

logger = logging.getLogger(__name__)

#: How far back a change looks for moves not yet notified (a slow handler may run after a later one).
LOOKBACK = 10
#: A send claimed this long ago without an outcome is taken as lost (worker died) and tried again.
STUCK_AFTER = dt.timedelta(minutes=10)


def notifies(entry: AuditEntry) -> bool:
    """A public move that changes the status or speaks to the citizen (not a plain transfer between agencies)."""
    if not is_public(entry.verb, entry.from_state, entry.to_state, entry.from_agency_id, entry.to_agency_id):
        return False
    return not (entry.verb in MOVE_VERBS and entry.from_state == entry.to_state)


def notifications_create(*, dossier_id: int) -> list[Notification]:
    """Notify the dossier's citizen of its latest public moves not yet notified: a citizen account gets the
    in-app notice, e-mail and SMS; a dossier filed at the counter without an account gets e-mail only, to
    the address the submitter gave. Unique constraints settle a repeated or concurrent signal; deliveries
    are queued after commit."""
    dossier = Dossier.objects.filter(pk=dossier_id).select_related("submitter_user").first()
    if dossier is None:
        return []
    user = dossier.submitter_user
    if user is not None and user.kind != UserKind.CITIZEN:
        user = None
    if user is None and not dossier.submitter_email:
        return []
    entries = list(AuditEntry.objects.filter(dossier_id=dossier.pk).order_by("-seq")[:LOOKBACK])
    notified = Notification.objects.filter(entry_id__in=[e.pk for e in entries])
    notified = notified.filter(user_id=user.pk) if user else notified.filter(user__isnull=True)
    done = set(notified.values_list("entry_id", flat=True))
    made: list[Notification] = []
    for entry in reversed(entries):
        if entry.pk in done or not notifies(entry):
            continue
        with transaction.atomic():
            notice, created = Notification.objects.get_or_create(
                user=user,
                entry_id=entry.pk,
                defaults={"dossier_id": dossier.pk, "verb": entry.verb, "state": entry.to_state},
            )
            if not created:
                continue
            for delivery in _deliveries(notice, user, dossier):
                transaction.on_commit(partial(delivery_enqueue, delivery.pk))
        made.append(notice)
    return made


def _deliveries(notice: Notification, user: User | None, dossier: Dossier) -> list[Delivery]:
    rows = []
    email = (user.email if user else "") or dossier.submitter_email
    if email:
        rows.append(Delivery(notification=notice, channel=Channel.EMAIL, address=email[:254]))
    phone = user and (user.phone or dossier.submitter_phone)  # SMS only to account holders
    if phone and settings.NOTIFICATIONS_SMS:
        rows.append(Delivery(notification=notice, channel=Channel.SMS, address=phone[:254]))
    for row in rows:
        row.save(force_insert=True)
    return rows


def delivery_enqueue(delivery_id: int, *, run_after: dt.datetime | None = None) -> None:
    """Queue the send as a task (deferred when the queue supports it; otherwise the retry sweep picks it up)."""
    from motcua.notifications.tasks import notification_deliver

    task = notification_deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try: the base delay doubled at each failure (1, 2, 4, 8 … minutes by default)."""
    return dt.timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take the delivery for this worker (compare-and-set): only one send per delivery, ever."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    waiting = Q(status=DeliveryStatus.PENDING) & due
    lost = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STUCK_AFTER)
    return (
        Delivery.objects.filter(Q(pk=delivery_id) & (waiting | lost)).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
        )
        == 1
    )


def _send(delivery: Delivery) -> None:
    notice = delivery.notification
    dossier = Dossier.objects.get(pk=notice.dossier_id)
    entry = AuditEntry.objects.get(pk=notice.entry_id)
    user = User.objects.filter(pk=notice.user_id).first() if notice.user_id else None
    message = message_for(
        code=dossier.code,
        procedure=dossier.procedure_name,
        verb=notice.verb,
        state=notice.state,
        reason=entry.reason if entry.verb in REASONED else "",
        name=(user.full_name if user else "") or dossier.submitter_name,
        account=user is not None,
    )
    if delivery.channel == Channel.EMAIL:
        EmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            headers={"X-Motcua-Event": f"{notice.entry_id}"},
        ).send(fail_silently=False)
    else:
        sms_gateway().send(phone=delivery.address, text=message.sms)


def delivery_attempt(*, delivery_id: int, at: dt.datetime | None = None) -> str:
    """Try to send one delivery once; the status it is left in. A failure schedules a retry with backoff
    until ``NOTIFICATIONS_MAX_ATTEMPTS`` tries, then the delivery is marked failed."""
    now = at or timezone.now()
    if not _claim(delivery_id, now):
        return str(Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first() or "")
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    try:
        _send(delivery)
    except Exception as exc:  # SMTP refusals, network errors, gateway errors: all are retried
        failed = delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        next_at = None if failed else now + backoff(delivery.attempts)
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            next_attempt_at=next_at,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        logger.warning("notification delivery %s failed (attempt %s): %s", delivery_id, delivery.attempts, exc)
        if next_at is not None:
            delivery_enqueue(delivery_id, run_after=next_at)
        return DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return DeliveryStatus.SENT


def deliveries_retry_due(*, at: dt.datetime | None = None) -> int:
    """Try every delivery whose retry time has come (or whose send was lost); how many were sent."""
    now = at or timezone.now()
    due = Q(status=DeliveryStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    lost = Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - STUCK_AFTER)
    ids = list(Delivery.objects.filter(due | lost).order_by("id").values_list("id", flat=True)[:1000])
    return sum(delivery_attempt(delivery_id=i, at=now) == DeliveryStatus.SENT for i in ids)


def notifications_mark_read(*, user_id: int, at: dt.datetime | None = None) -> int:
    """Mark every unread notice of the citizen as read; how many."""
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(read_at=at or timezone.now())
