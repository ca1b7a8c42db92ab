"""Handlers of a step (người xử lý): the main handler (``Dossier.assignee``) with a personal deadline
(hạn xử lý cá nhân, in working days), co-handlers (phối hợp) who may act too, and observers (theo dõi)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import Role
from motcua.agencies.models import Membership
from motcua.dossiers.actors import Actor
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import Dossier, DossierHandler, HandlerKind
from motcua.dossiers.policies import can_assign
from motcua.dossiers.services import engine
from motcua.workdays import deadline

#: Longest personal deadline a leader may set, in working days.
MAX_HANDLER_DAYS = 60


def may_handle(actor: Actor, dossier: Dossier) -> bool:
    """May ``actor`` act on the dossier's current step as one of its handlers (or lead the agency)?"""
    if actor.kind in ("system", "client") or dossier.assignee_id is None:
        return True
    if dossier.assignee_id in actor.covers or can_assign(actor, dossier.current_agency_id):
        return True
    return DossierHandler.objects.filter(
        dossier_id=dossier.pk, user_id__in=actor.covers, kind=HandlerKind.CO_HANDLER, ended_at__isnull=True
    ).exists()


def handlers_of(dossier: Dossier) -> list[DossierHandler]:
    """The current step's co-handlers and observers."""
    return list(
        DossierHandler.objects.filter(dossier_id=dossier.pk, ended_at__isnull=True)
        .select_related("user")
        .order_by("kind", "id")
    )


def personal_deadline(dossier: Dossier, at: dt.datetime, days: float | None) -> dt.datetime | None:
    """``days`` working days from ``at`` on the dossier's calendar, never after the dossier's own due date."""
    if days is None:
        return None
    if not 0 < days <= MAX_HANDLER_DAYS:
        raise InvalidDossier(
            _("Give the handler between 0.5 and %(max)d working days.") % {"max": MAX_HANDLER_DAYS}, field="days"
        )
    from decimal import Decimal

    due = deadline(engine.calendar_of(dossier.agency_id), at, Decimal(str(days)), "working_days").due
    return min(due, dossier.due_at) if dossier.due_at is not None else due


def handler_rows(
    dossier: Dossier, at: dt.datetime, co_handlers: Sequence[int], observers: Sequence[int], main: int
) -> list[DossierHandler]:
    """New rows for the step's co-handlers and observers, each a current member of the dossier's agency."""
    people = {*co_handlers, *observers} - {main}
    members = set(
        Membership.objects.current()
        .filter(agency_id=dossier.current_agency_id, user_id__in=people, user__is_active=True)
        .exclude(role__in=[Role.CITY_OPERATOR])
        .values_list("user_id", flat=True)
    )
    if people - members:
        raise InvalidDossier(_("Co-handlers and observers must be officials of this agency."), field="co_handlers")
    rows = [
        DossierHandler(dossier_id=dossier.pk, step=dossier.step, user_id=u, kind=HandlerKind.CO_HANDLER, started_at=at)
        for u in sorted(set(co_handlers) - {main})
    ]
    rows += [
        DossierHandler(dossier_id=dossier.pk, step=dossier.step, user_id=u, kind=HandlerKind.OBSERVER, started_at=at)
        for u in sorted(set(observers) - set(co_handlers) - {main})
    ]
    return rows


def replace_handlers(dossier: Dossier, rows: list[DossierHandler], at: dt.datetime | None = None) -> None:
    """End the step's current co-handlers and observers and record ``rows`` instead (inside the transaction)."""
    DossierHandler.objects.filter(dossier_id=dossier.pk, ended_at__isnull=True).update(ended_at=at or timezone.now())
    DossierHandler.objects.bulk_create(rows)
