from __future__ import annotations

from typing import Annotated, Literal

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from ninja import Query, Router
from pydantic import Field

from motcua.api.schemas import Problem, UnitDetailOut, UnitLink, UnitOut, UnitPage
from motcua.geo.models import Unit
from motcua.geo.selectors import unit_get, unit_links, unit_list

router = Router(tags=["geo"])

_LIST_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "kind",
    "structure",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
)

StructureParam = Literal["2025", "2017"]
CodeParam = Annotated[
    str, Field(pattern=r"^\d{2}(\d{3})?$", description="GSO code: 2 digits (province), 3 (district) or 5 (commune)")
]


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        level=unit.level,
        kind=unit.kind,
        structure=unit.structure,
        parent_code=unit.parent.code if unit.parent else None,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
        latitude=unit.latitude,
        longitude=unit.longitude,
    )


@router.get("/units", response={200: UnitPage, 422: Problem}, summary="List administrative units")
def list_units(
    request: HttpRequest,
    parent: Annotated[str | None, Query(pattern=r"^\d{2,5}$", description="code of the parent unit")] = None,
    level: Annotated[Literal["province", "district", "commune"] | None, Query()] = None,
    structure: Annotated[StructureParam | None, Query(description="default: the deployment's structure")] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="name, accents optional: `dong da` finds Đống Đa")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> UnitPage:
    units = unit_list(structure=structure or settings.MOTCUA_STRUCTURE, parent=parent, level=level, q=q)
    # Plain rows, not model instances: a page of 126 units validates ~5x faster from dicts.
    rows = units.values(*_LIST_FIELDS, parent_code=F("parent__code"))[offset : offset + limit]
    return UnitPage.model_validate({"count": units.count(), "items": list(rows)})


@router.get(
    "/units/{code}", response={200: UnitDetailOut, 404: Problem, 422: Problem}, summary="One administrative unit"
)
def get_unit(
    request: HttpRequest,
    code: CodeParam,
    structure: Annotated[StructureParam | None, Query()] = None,
) -> UnitDetailOut:
    unit = unit_get(structure=structure or settings.MOTCUA_STRUCTURE, code=code)
    before, after = unit_links(unit)
    return UnitDetailOut(
        **_unit_out(unit).dict(),
        children_count=getattr(unit, "children_count", 0),
        predecessors=[UnitLink(code=u.code, name=u.name, structure=u.structure) for u in before],
        successors=[UnitLink(code=u.code, name=u.name, structure=u.structure) for u in after],
    )
