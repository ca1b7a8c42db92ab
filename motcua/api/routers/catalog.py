"""The procedure catalogue: public search and definitions; export and import for authorised clients."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Body, Query, Router, Schema
from pydantic import Field

from motcua.api.auth import ApiToken
from motcua.api.problems import problem
from motcua.api.schemas import Problem
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_get, procedure_search, version_definition
from motcua.catalog.services.transfer import catalog_export, catalog_import
from motcua.core.errors import PermissionDenied

router = Router(tags=["catalog"])

READ_SCOPES = {"catalog:read", "catalog:write"}
WRITE_SCOPE = "catalog:write"
CodeParam = Annotated[str, Field(pattern=r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$", description="procedure code, e.g. 1.001193")]


class ProcedureItem(Schema):
    code: str
    name: str
    field_name: str
    levels: list[str]
    online_level: str | None
    is_group: bool


class ProcedurePage(Schema):
    count: int
    items: list[ProcedureItem]


class ProcedureDetail(Schema):
    code: str
    version: int
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    definition: ProcedureDefinition


class ExportedVersion(Schema):
    number: int
    status: Literal["draft", "published", "retired"]
    effective_from: dt.date | None
    effective_to: dt.date | None
    definition: dict[str, Any] = Field(description="a ProcedureDefinition (see the detail operation)")


class ExportedProcedure(Schema):
    code: str
    versions: list[ExportedVersion]


class CatalogDocument(Schema):
    format: Literal["motcua.catalog/1"]
    procedures: list[ExportedProcedure]


class ImportResult(Schema):
    procedures: int
    created: int
    unchanged: int
    dry_run: bool


def _item(procedure: Procedure) -> ProcedureItem:
    return ProcedureItem(
        code=procedure.code,
        name=procedure.name,
        field_name=procedure.field_name,
        levels=procedure.levels.split(),
        online_level=procedure.online_level or None,
        is_group=procedure.is_group,
    )


def _require(request: HttpRequest, scopes: set[str]) -> None:
    granted = set(getattr(getattr(request, "auth", None), "scopes", None) or [])
    if not granted & scopes:
        raise PermissionDenied(
            _("This client may not do that (scope %(scope)s needed).") % {"scope": " or ".join(sorted(scopes))}
        )


@router.get("", response={200: ProcedurePage, 422: Problem}, summary="Search the procedure catalogue")
def list_procedures(
    request: HttpRequest,
    q: Annotated[
        str | None, Query(max_length=200, description="words in any order, accents optional: `khai sinh dang ky`")
    ] = None,
    field: Annotated[str | None, Query(max_length=200, description="field (lĩnh vực) name or code")] = None,
    agency: Annotated[str | None, Query(max_length=200, description="agency key `kind:level[:department]`")] = None,
    level: Annotated[Literal["ministry", "province", "district", "commune"] | None, Query()] = None,
    online_level: Annotated[Literal["full", "partial"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ProcedurePage:
    page = procedure_search(
        q=q, field=field, agency=agency, level=level, online_level=online_level, limit=limit, offset=offset
    )
    return ProcedurePage(count=page.count, items=[_item(p) for p in page.items])


@router.get(
    "/export",
    auth=ApiToken(),
    response={200: CatalogDocument, 401: Problem, 403: Problem, 422: Problem},
    summary="Export the catalogue (or some procedures) as JSON",
)
def export_procedures(
    request: HttpRequest,
    code: Annotated[list[str] | None, Query(description="procedure codes (repeat); all when absent")] = None,
    include_drafts: bool = False,
) -> dict[str, Any]:
    _require(request, READ_SCOPES)
    return catalog_export(codes=code or None, include_drafts=include_drafts)


@router.post(
    "/import",
    auth=ApiToken(),
    response={200: ImportResult, 401: Problem, 403: Problem, 422: Problem},
    summary="Import procedures (all or nothing; every problem reported with its path)",
)
def import_procedures(
    request: HttpRequest, document: Annotated[dict[str, Any], Body()], dry_run: bool = False
) -> ImportResult | HttpResponse:
    _require(request, {WRITE_SCOPE})
    try:
        summary = catalog_import(actor_id=None, document=document, dry_run=dry_run)
    except InvalidDefinition as exc:
        return problem(
            request,
            status=422,
            code=exc.code,
            title=_("Invalid request"),
            detail=str(exc.detail),
            errors=[{"path": p.path, "message": p.message} for p in exc.problems],
        )
    return ImportResult(
        procedures=summary.procedures, created=summary.created, unchanged=summary.unchanged, dry_run=dry_run
    )


@router.get(
    "/{code}", response={200: ProcedureDetail, 404: Problem, 422: Problem}, summary="One procedure's full definition"
)
def get_procedure(
    request: HttpRequest,
    code: CodeParam,
    version: Annotated[int | None, Query(ge=1, description="a version number; default: the one in force today")] = None,
) -> ProcedureDetail:
    procedure, chosen = procedure_get(code=code, version=version)
    return ProcedureDetail(
        code=procedure.code,
        version=chosen.number,
        status=chosen.status,
        effective_from=chosen.effective_from,
        effective_to=chosen.effective_to,
        definition=version_definition(chosen),
    )
