"""Reads of agencies and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.agencies.models import Agency, Membership
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
