"""Reads of administrative units. Public reference data: no actor scoping needed."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import NotFound
from motcua.core.search import search
from motcua.geo.models import Unit


def unit_list(
    *, structure: str, parent: str | None = None, level: str | None = None, q: str | None = None
) -> QuerySet[Unit]:
    units = Unit.objects.in_structure(structure).select_related("parent")
    if parent:
        units = units.filter(parent__code=parent)
    if level:
        units = units.filter(level=level)
    if q:
        return search(units, "search_text", q).order_by("search_rank", "code")
    return units.order_by("code")


def unit_get(*, structure: str, code: str) -> Unit:
    unit = (
        Unit.objects.in_structure(structure)
        .select_related("parent")
        .annotate(children_count=Count("children"))
        .filter(code=code)
        .first()
    )
    if unit is None:
        raise NotFound(_("No administrative unit has the code %(code)s.") % {"code": code}, code="unit_not_found")
    return unit


def unit_links(unit: Unit) -> tuple[list[Unit], list[Unit]]:
    """(predecessors, successors) across the 2025 reform."""
    return list(unit.predecessors.order_by("code")), list(unit.successors.order_by("code"))
