"""A citizen flags an access to their record as unjustified; the agency's administrator sees it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError, NotFound
from motcua.registry.models import AccessFlag, AccessLogSubject


def access_flag(*, user_id: int, personal_id: str, log_id: int, reason: str) -> AccessFlag:
    """Flag access ``log_id`` to the record ``personal_id`` (the citizen's own). Once per access."""
    reason = reason.strip()
    if not 3 <= len(reason) <= 1000:
        raise DomainError(_("Say in a few words why this access is unjustified."), code="reason_required", status=422)
    if not AccessLogSubject.objects.filter(log_id=log_id, person_id=personal_id).exists():
        raise NotFound(_("No such access to your record."), code="access_not_found")
    try:
        with transaction.atomic():
            return AccessFlag.objects.create(log_id=log_id, person_id=personal_id, flagged_by_id=user_id, reason=reason)
    except IntegrityError:
        raise DomainError(_("You have already flagged this access."), code="already_flagged", status=409) from None
