from __future__ import annotations

from typing import Annotated

from django.db.models import F
from django.http import HttpRequest
from ninja import Query, Router

from motcua.agencies.constants import AgencyKind, AgencyLevel
from motcua.agencies.selectors import agency_list
from motcua.api.schemas import AgencyPage, Problem

router = Router(tags=["agencies"])


@router.get("", response={200: AgencyPage, 422: Problem}, summary="Directory of agencies")
def list_agencies(
    request: HttpRequest,
    q: Annotated[str | None, Query(max_length=100, description="name or code, accents optional")] = None,
    kind: Annotated[AgencyKind | None, Query()] = None,
    level: Annotated[AgencyLevel | None, Query()] = None,
    unit: Annotated[str | None, Query(pattern=r"^\d{2,5}$", description="code of the administrative unit")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> AgencyPage:
    agencies = agency_list(q=q, kind=kind, level=level, unit=unit)
    rows = agencies.values(
        "code",
        "name",
        "kind",
        "level",
        "address",
        "phone",
        "email",
        unit_code=F("unit__code"),
        unit_name=F("unit__name"),
        parent_code=F("parent__code"),
    )[offset : offset + limit]
    return AgencyPage.model_validate({"count": agencies.count(), "items": list(rows)})
