"""Reads of the access log, scoped by the caller: a citizen sees the accesses to their own record, an
agency administrator the flags on their agencies' accesses."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from motcua.agencies.constants import Role
from motcua.agencies.selectors import memberships_of
from motcua.registry.models import AccessFlag, AccessLog, Person


def person_of(*, personal_id: str | None) -> Person | None:
    """The register's record of a logged-in citizen (by their account's personal ID), if any."""
    if not personal_id:
        return None
    return Person.objects.filter(pk=personal_id).first()


def access_log_for_citizen(*, personal_id: str) -> QuerySet[AccessLog]:
    """Every access to the record ``personal_id`` — pass only the logged-in citizen's own ID."""
    flagged = AccessFlag.objects.filter(log=OuterRef("pk"), person_id=personal_id)
    return (
        AccessLog.objects.filter(subjects__person_id=personal_id)
        .select_related("agency")
        .annotate(flagged=Exists(flagged))
        .order_by("-at", "-id")
    )


def admin_agency_ids(*, user_id: int) -> list[int]:
    return sorted({m.agency_id for m in memberships_of(user_id=user_id) if m.role == Role.AGENCY_ADMIN})


def flags_for_admin(*, user_id: int) -> QuerySet[AccessFlag]:
    """Flags on accesses made for the agencies the user administers (none for anyone else)."""
    return (
        AccessFlag.objects.filter(log__agency_id__in=admin_agency_ids(user_id=user_id))
        .select_related("log", "log__agency")
        .order_by("-created_at")
    )
