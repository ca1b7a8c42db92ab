"""Statistics for authorised clients (scope ``statistics:read``), limited to the client's agencies and those
under them: Biểu 06 as JSON or xlsx, and the Decision 766 indicators."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from motcua.accounts.models import ApiClient
from motcua.api.auth import ApiToken
from motcua.api.schemas import Problem
from motcua.core.errors import PermissionDenied
from motcua.statistics.index766 import index766
from motcua.statistics.policies import can_read_statistics_api
from motcua.statistics.selectors import client_scope, form06
from motcua.statistics.xlsx import form06_xlsx

router = Router(tags=["statistics"], auth=ApiToken())
ERRORS: dict[int, type[Problem]] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AgencyParam = Annotated[str, Query(min_length=1, max_length=13, description="electronic identifier of the agency")]
FromParam = Annotated[dt.date, Query(alias="from", description="first day of the period")]
ToParam = Annotated[dt.date, Query(alias="to", description="last day of the period")]
ChildrenParam = Annotated[bool, Query(description="include the agencies under it")]
ByParam = Annotated[Literal["field", "procedure"], Query(description="rows by field (lĩnh vực) or by procedure")]


class Form06LineOut(Schema):
    code: str
    name: str
    values: dict[str, int]


class Form06Out(Schema):
    agency_code: str
    agency_name: str
    agencies: int
    date_from: dt.date
    date_to: dt.date
    by: str
    rows: list[Form06LineOut]
    total: Form06LineOut


class IndicatorOut(Schema):
    code: str
    name: str
    numerator: float
    denominator: float
    rate: float | None
    threshold: float | None
    points: float | None
    score: float | None
    note: str
    numerator_of: str
    denominator_of: str


class Index766Out(Schema):
    agency_code: str
    agency_name: str
    agencies: int
    date_from: dt.date
    date_to: dt.date
    indicators: list[IndicatorOut]
    average_processing_days: float | None


def _scope(request: HttpRequest) -> set[int]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    if not can_read_statistics_api(client.scopes or []):
        raise PermissionDenied(_("This client lacks the statistics:read scope."), code="scope_missing")
    return client_scope(agency_ids=client.agencies.values_list("pk", flat=True))


def _form06(request: HttpRequest, agency: str, date_from: dt.date, date_to: dt.date, children: bool, by: str) -> Any:
    return form06(
        allowed=_scope(request),
        agency_code=agency,
        date_from=date_from,
        date_to=date_to,
        with_children=children,
        by="procedure" if by == "procedure" else "field",
    )


@router.get("/form06", response={200: Form06Out, **ERRORS}, summary="Biểu 06: dossiers received, resolved, in progress")
def get_form06(
    request: HttpRequest,
    agency: AgencyParam,
    date_from: FromParam,
    date_to: ToParam,
    children: ChildrenParam = True,
    by: ByParam = "field",
) -> dict[str, Any]:
    report = _form06(request, agency, date_from, date_to, children, by)
    data: dict[str, Any] = report.as_dict()
    return data


@router.get(
    "/form06.xlsx",
    response={200: None, **ERRORS},
    summary="Biểu 06 as an Excel workbook in its legal layout",
)
def get_form06_xlsx(
    request: HttpRequest,
    agency: AgencyParam,
    date_from: FromParam,
    date_to: ToParam,
    children: ChildrenParam = True,
    by: ByParam = "field",
) -> HttpResponse:
    report = _form06(request, agency, date_from, date_to, children, by)
    response = HttpResponse(form06_xlsx(report), content_type=XLSX)
    name = f"bieu06_{report.agency_code}_{report.date_from:%Y%m%d}_{report.date_to:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/index766", response={200: Index766Out, **ERRORS}, summary="Decision 766 indicators from this platform")
def get_index766(
    request: HttpRequest,
    agency: AgencyParam,
    date_from: FromParam,
    date_to: ToParam,
    children: ChildrenParam = True,
) -> dict[str, Any]:
    result = index766(
        allowed=_scope(request), agency_code=agency, date_from=date_from, date_to=date_to, with_children=children
    )
    data: dict[str, Any] = result.as_dict()
    return data
