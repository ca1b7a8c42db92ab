"""Reads of dossiers, always scoped by the caller (officials: dossiers that are or were at their agencies;
API clients: their agencies; citizens: their own). Missing and forbidden both answer NotFound."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import OPEN_STATES
from motcua.dossiers.models import AuditEntry, Dossier, DossierAccess


@dataclass(frozen=True)
class DossierFilters:
    state: str | None = None
    national_status: int | None = None
    procedure: str | None = None
    agency: str | None = None
    current_agency: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool | None = None
    q: str | None = None


@dataclass(frozen=True)
class DossierPage:
    count: int
    items: list[Dossier]
    #: ``count`` is a lower bound: the list is longer (a list that only grows is not counted to its end)
    capped: bool = False


def dossier_get_for(*, actor: Actor, code: str) -> Dossier:
    """One dossier by its code, if the caller may see it."""
    dossier = (
        Dossier.objects.visible_to(actor)
        .select_related("agency", "current_agency", "procedure_version", "place_agency", "deciding_agency", "assignee")
        .prefetch_related("components", "letters")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise NotFound(_("No such dossier."))
    return dossier


def dossier_queryset_for(*, actor: Actor, filters: DossierFilters | None = None) -> QuerySet[Dossier]:
    f = filters or DossierFilters()
    dossiers = Dossier.objects.visible_to(actor)
    if f.state:
        dossiers = dossiers.filter(state=f.state)
    if f.national_status is not None:
        dossiers = dossiers.filter(national_status=f.national_status)
    if f.procedure:
        dossiers = dossiers.filter(procedure_code=f.procedure)
    if f.agency:
        dossiers = dossiers.filter(agency__code=f.agency)
    if f.current_agency:
        dossiers = dossiers.filter(current_agency__code=f.current_agency)
    if f.received_from:
        dossiers = dossiers.filter(received_at__date__gte=f.received_from)
    if f.received_to:
        dossiers = dossiers.filter(received_at__date__lte=f.received_to)
    if f.overdue is not None:
        late = Q(state__in=OPEN_STATES, due_at__lt=timezone.now(), paused_at__isnull=True) | Q(
            finished_at__gt=F("due_at")
        )
        dossiers = dossiers.filter(late) if f.overdue else dossiers.exclude(late)
    if f.q:
        dossiers = dossiers.filter(
            Q(code__icontains=f.q) | Q(owner_name__icontains=f.q) | Q(submitter_name__icontains=f.q)
        )
    return dossiers


def dossier_list_for(
    *, actor: Actor, filters: DossierFilters | None = None, limit: int = 50, offset: int = 0
) -> DossierPage:
    """A page of the dossiers the caller may see, newest first."""
    dossiers = dossier_queryset_for(actor=actor, filters=filters)
    items = list(
        dossiers.select_related("agency", "current_agency").order_by("-submitted_at", "-id")[offset : offset + limit]
    )
    return DossierPage(count=dossiers.count(), items=items)


def dossier_audit_for(*, actor: Actor, code: str) -> list[AuditEntry]:
    """The audit trail (nhật ký xử lý) of a dossier the caller may see, oldest first."""
    dossier = dossier_get_for(actor=actor, code=code)
    return list(AuditEntry.objects.filter(dossier_id=dossier.pk).order_by("seq"))


def dossier_children_for(*, actor: Actor, dossier: Dossier) -> list[Dossier]:
    """The linked dossiers of an interconnected group the caller may see."""
    return list(Dossier.objects.visible_to(actor).filter(parent_id=dossier.pk).order_by("code"))


def dossier_timeline_for(*, actor: Actor, code: str) -> list[tuple[str, AuditEntry]]:
    """One timeline for an interconnected group: the parent's entries and its linked dossiers', by time."""
    dossier = dossier_get_for(actor=actor, code=code)
    codes = {dossier.pk: dossier.code} | dict(Dossier.objects.filter(parent_id=dossier.pk).values_list("id", "code"))
    entries = AuditEntry.objects.filter(dossier_id__in=codes).order_by("at", "dossier_id", "seq")
    return [(codes[e.dossier_id], e) for e in entries]


def dossier_reads_for_citizen(*, user_id: int, limit: int = 50) -> list[DossierAccess]:
    """The latest reads by officials and connected systems of the dossiers this citizen filed (newest first)."""
    mine = Dossier.objects.filter(submitter_user_id=user_id).order_by().values("pk")
    rows = DossierAccess.objects.filter(dossier_id__in=mine).select_related("dossier").order_by("-at", "-id")
    return list(rows.only("at", "kind", "detail", "actor_label", "api_client_id", "dossier__code")[:limit])
