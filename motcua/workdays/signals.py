"""Forget the cached calendars whenever a schedule or a declared exception changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.workdays.loader import calendar_cache_clear
from motcua.workdays.models import CalendarException, WorkingSchedule


@receiver([post_save, post_delete], sender=WorkingSchedule, dispatch_uid="workdays_schedule_changed")
@receiver([post_save, post_delete], sender=CalendarException, dispatch_uid="workdays_exception_changed")
def rules_changed(sender: type[Any], **kwargs: Any) -> None:
    calendar_cache_clear()
    # Again after commit: a calendar built meanwhile by another request saw the old rows.
    transaction.on_commit(calendar_cache_clear)
