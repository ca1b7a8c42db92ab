"""Reads of agencies, memberships and delegations."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Delegation, Membership
from motcua.agencies.services import DECLARERS
from motcua.core.search import search


def agency_list(
    *, q: str | None = None, kind: str | None = None, level: str | None = None, unit: str | None = None
) -> QuerySet[Agency]:
    """Public directory of active agencies (their names, codes and contacts are public information)."""
    agencies = Agency.objects.filter(active=True).select_related("unit", "parent")
    if kind:
        agencies = agencies.filter(kind=kind)
    if level:
        agencies = agencies.filter(level=level)
    if unit:
        agencies = agencies.filter(unit__code=unit)
    if q:
        return search(agencies, "search_text", q).order_by("search_rank", "code")
    return agencies.order_by("code")


def memberships_of(*, user_id: int) -> QuerySet[Membership]:
    """The user's current roles, for their own back-office home."""
    return (
        Membership.objects.current()
        .filter(user_id=user_id, agency__active=True)
        .select_related("agency", "agency__unit")
        .order_by("agency__code", "role")
    )


def delegations_for(*, user_id: int) -> QuerySet[Delegation]:
    """The delegations of the agencies where ``user_id`` leads or administers (what they may manage)."""
    agencies = Membership.objects.current().filter(user_id=user_id, role__in=DECLARERS).values("agency_id")
    return (
        Delegation.objects.filter(agency_id__in=agencies)
        .select_related("agency", "delegator", "delegate")
        .order_by("-valid_from", "-id")
    )


def delegation_people(*, agency_id: int) -> list[tuple[int, str]]:
    """The officials of an agency (id, name) who may delegate or be delegates."""
    rows = (
        Membership.objects.current()
        .filter(agency_id=agency_id, user__is_active=True)
        .exclude(role=Role.CITY_OPERATOR)
        .values_list("user_id", "user__full_name", "user__username")
        .order_by("user__full_name", "user_id")
    )
    return list({uid: full or username for uid, full, username in rows}.items())
