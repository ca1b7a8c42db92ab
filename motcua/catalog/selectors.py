"""Reads of the catalogue. Published procedures are public; drafts only for those who may edit them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import AgencyKind, AgencyLevel, Role
from motcua.agencies.models import Agency, Membership
from motcua.catalog.constants import Level, VersionStatus
from motcua.catalog.definition import AgencyRef, ProcedureDefinition
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.policies import can_edit_catalog, can_edit_procedure
from motcua.catalog.search import ranked_ids
from motcua.core.errors import NotFound
from motcua.core.text import fold


@dataclass(frozen=True)
class Page:
    count: int
    items: list[Procedure]


def _filtered(
    *, field: str | None, agency: str | None, level: str | None, online_level: str | None
) -> QuerySet[Procedure]:
    procedures = Procedure.objects.filter(published=True)
    if field:
        procedures = procedures.filter(Q(field_name=field) | Q(field_code=field))
    if agency:
        procedures = procedures.filter(agency_keys__contains=f" {agency}")
    if level:
        procedures = procedures.filter(levels__contains=f" {level} ")
    if online_level:
        procedures = procedures.filter(online_level=online_level)
    return procedures


def procedure_search(
    *,
    q: str | None = None,
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online_level: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page:
    """Published procedures matching the filters and ``q`` (accents and word order optional), best first."""
    ids = ranked_ids(_filtered(field=field, agency=agency, level=level, online_level=online_level), q or "")
    chosen = ids[offset : offset + limit]
    found = Procedure.objects.defer("search_text", "agency_keys").in_bulk(chosen)
    return Page(count=len(ids), items=[found[i] for i in chosen])


def procedure_filter_options() -> dict[str, list[tuple[str, str]]]:
    """Values to browse by: fields, agencies (by type and level, or department), levels, online levels."""
    rows = list(Procedure.objects.filter(published=True).values_list("field_name", "agency_keys", "managing_agency"))
    departments = {fold(name).replace(" ", "_"): name for _f, _k, name in rows if name}
    kinds, levels = dict(AgencyKind.choices), dict(Level.choices)
    agencies: dict[str, str] = {}
    for _f, keys, _m in rows:
        for key in keys.split():
            kind, level, *name = key.split(":")
            if kind == AgencyKind.OTHER:
                continue
            agencies[key] = (
                departments.get(name[0], name[0]) if name else f"{kinds.get(kind, kind)} – {levels.get(level, level)}"
            )
    return {
        "fields": sorted({(f, f) for f, _k, _m in rows if f}),
        "agencies": sorted(agencies.items(), key=lambda item: item[1]),
        "levels": [(str(v), str(label)) for v, label in Level.choices],
    }


def _current(versions: QuerySet[ProcedureVersion], on: dt.date) -> ProcedureVersion | None:
    live = versions.filter(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED], effective_from__lte=on)
    live = live.filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
    return live.order_by("-number").first()


def procedure_get(
    *, code: str, version: int | None = None, on: dt.date | None = None
) -> tuple[Procedure, ProcedureVersion]:
    """A procedure and its version in force on ``on`` (today), or its published/retired ``version``."""
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        raise NotFound(_("No procedure %(code)s.") % {"code": code})
    versions = procedure.versions.all()
    if version is not None:
        chosen = versions.filter(number=version).exclude(status=VersionStatus.DRAFT).first()
    else:
        chosen = (
            _current(versions, on or timezone.localdate())
            or versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
        )
    if chosen is None:
        raise NotFound(_("No published version of procedure %(code)s.") % {"code": code})
    return procedure, chosen


def version_definition(version: ProcedureVersion) -> ProcedureDefinition:
    return ProcedureDefinition.model_validate(version.definition)


def agency_resolve(*, ref: AgencyRef, receiving_unit_code: str, structure: str = "2025") -> Agency | None:
    """The agency of type ``ref`` that serves a receiving commune (or district), or the city body."""
    agencies = Agency.objects.filter(active=True, kind=ref.kind, unit__structure=structure)
    if ref.level == Level.PROVINCE:
        agencies = agencies.filter(level=AgencyLevel.PROVINCE)
        if ref.name:
            agencies = agencies.filter(name=ref.name)
    else:
        agencies = agencies.filter(level=ref.level, unit__code=receiving_unit_code)
    return agencies.order_by("code").first()


def _roles_of(user_id: int) -> list[tuple[str, str, str]]:
    rows = Membership.objects.current().filter(
        user_id=user_id, agency__active=True, role__in=[Role.AGENCY_ADMIN, Role.CITY_OPERATOR]
    )
    return [(r, lvl, name) for r, lvl, name in rows.values_list("role", "agency__level", "agency__name")]


def catalog_editor(*, user_id: int) -> bool:
    """May this user edit (some of) the catalogue?"""
    return can_edit_catalog(_roles_of(user_id))


def procedure_list_editable(*, user_id: int) -> QuerySet[Procedure]:
    """The procedures this user may edit (nothing for others)."""
    roles = _roles_of(user_id)
    if not can_edit_catalog(roles):
        return Procedure.objects.none()
    if any(role == Role.CITY_OPERATOR for role, _l, _n in roles):
        return Procedure.objects.order_by("code")
    names = [name for role, _l, name in roles if role == Role.AGENCY_ADMIN]
    return Procedure.objects.filter(managing_agency__in=names).order_by("code")


def procedure_may_create(*, user_id: int, managing_agency: str) -> bool:
    """May this user add a procedure maintained by ``managing_agency``?"""
    return can_edit_procedure(_roles_of(user_id), managing_agency)


def procedure_get_editable(*, user_id: int, code: str) -> Procedure:
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None or not can_edit_procedure(_roles_of(user_id), procedure.managing_agency):
        raise NotFound(_("No procedure %(code)s.") % {"code": code})
    return procedure


def versions_of(*, procedure: Procedure) -> list[ProcedureVersion]:
    return list(procedure.versions.order_by("-number"))


def procedure_group_parts(*, code: str) -> list[tuple[Procedure, ProcedureVersion]]:
    """The procedures an interconnected group (liên thông) spawns as linked dossiers, each in its version in force."""
    _group, version = procedure_get(code=code)
    return [procedure_get(code=part) for part in version_definition(version).parts]
