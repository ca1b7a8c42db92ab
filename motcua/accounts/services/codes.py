"""One-time codes (mã xác nhận) sent by e-mail: confirm a new account, reset a password.

A code is 6 random digits; only an HMAC of it (keyed by the site's secret) is stored, so a copy of the
database does not give the codes away. A code expires after 10 minutes, allows 5 tries and is used once;
asking for a new one replaces the old one, at most once a minute and five times an hour.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts.constants import (
    CODE_DIGITS,
    CODE_LIFETIME_SECONDS,
    CODE_MAX_ATTEMPTS,
    CODE_MAX_PER_HOUR,
    CODE_RESEND_INTERVAL_SECONDS,
    CodePurpose,
)
from motcua.accounts.models import OneTimeCode, User
from motcua.core.errors import DomainError

log = logging.getLogger(__name__)


class CodeError(DomainError):
    """A code that cannot be accepted; ``code`` says why (wrong, expired, exhausted, missing, too_soon)."""

    status = 400


def _digest(*, user_id: int, purpose: str, code: str) -> str:
    return salted_hmac("motcua.accounts.code", f"{user_id}:{purpose}:{code}", algorithm="sha256").hexdigest()


def code_issue(*, user: User, purpose: CodePurpose, now: dt.datetime | None = None) -> None:
    """Create a new code for ``user`` and e-mail it once the transaction commits.

    Raises CodeError(code="too_soon") when the previous code is less than a minute old or five were sent
    in the last hour. Call inside the caller's transaction (the code and the account change together).
    """
    now = now or timezone.now()
    recent = OneTimeCode.objects.filter(
        user=user, purpose=purpose, created_at__gt=now - dt.timedelta(hours=1)
    ).order_by("-created_at")
    last = recent.first()
    if last is not None and (now - last.created_at).total_seconds() < CODE_RESEND_INTERVAL_SECONDS:
        raise CodeError(
            _("A code was sent less than a minute ago. Wait a minute before asking again."), code="too_soon"
        )
    if recent.count() >= CODE_MAX_PER_HOUR:
        raise CodeError(_("Too many codes were sent in the last hour. Try again later."), code="too_soon")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    # The new code replaces any older one still open.
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at=None).update(expires_at=now)
    OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        code_hash=_digest(user_id=user.pk, purpose=purpose, code=code),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=CODE_LIFETIME_SECONDS),
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    # The raw code exists only in this closure: it is never stored nor put on a task queue.
    transaction.on_commit(lambda: _send_code(user_id=user.pk, purpose=purpose, code=code, language=language))


def _send_code(*, user_id: int, purpose: str, code: str, language: str) -> None:
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        context = {"user": user, "code": code, "minutes": CODE_LIFETIME_SECONDS // 60, "purpose": purpose}
        subject = render_to_string("accounts/email/code_subject.txt", context).strip()
        body = render_to_string("accounts/email/code.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException):
        # The person can ask for a new code; the failure is for the operators.
        log.exception("could not send the %s code to user %s", purpose, user_id)


def code_consume(*, user_id: int, purpose: CodePurpose, code: str, now: dt.datetime | None = None) -> OneTimeCode:
    """Check ``code`` and mark it used; raises CodeError when it is wrong, expired, used up or missing.

    Each try is counted by its own UPDATE, which commits even when the caller's transaction fails: call
    this outside ``transaction.atomic`` so that wrong tries are never rolled back.
    """
    now = now or timezone.now()
    entry = OneTimeCode.objects.filter(user_id=user_id, purpose=purpose, used_at=None).order_by("-created_at").first()
    if entry is None:
        raise CodeError(_("There is no code waiting for you. Ask for a new code."), code="missing")
    if entry.expires_at <= now:
        raise CodeError(_("The code has expired. Ask for a new code."), code="expired")
    counted = OneTimeCode.objects.filter(pk=entry.pk, used_at=None, attempts__lt=CODE_MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        raise CodeError(_("The code was entered wrongly too many times. Ask for a new code."), code="exhausted")
    given = "".join(code.split())
    if not constant_time_compare(entry.code_hash, _digest(user_id=user_id, purpose=purpose, code=given)):
        left = CODE_MAX_ATTEMPTS - entry.attempts - 1
        if left <= 0:
            raise CodeError(_("The code was entered wrongly too many times. Ask for a new code."), code="exhausted")
        raise CodeError(
            ngettext(
                "The code is wrong. You can try %(count)d more time.",
                "The code is wrong. You can try %(count)d more times.",
                left,
            )
            % {"count": left},
            code="wrong",
        )
    if not OneTimeCode.objects.filter(pk=entry.pk, used_at=None).update(used_at=now):
        raise CodeError(_("There is no code waiting for you. Ask for a new code."), code="missing")
    entry.used_at = now
    return entry
