"""Population-register lookups for authorised clients: scope ``registry:lookup``, a purpose on every call,
acting for one of the client's agencies; each call writes one access-log entry."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from pydantic import Field

from motcua.accounts.models import ApiClient
from motcua.agencies.models import Agency
from motcua.api.auth import ApiToken
from motcua.api.schemas import Problem
from motcua.core.errors import PermissionDenied
from motcua.registry.accessors import Accessor, Purpose, api_accessor
from motcua.registry.services.lookup import LookupResult, household_lookup, person_lookup, person_search

router = Router(tags=["registry"], auth=ApiToken())

FieldsParam = Literal["minimal", "standard"]
ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 422: Problem}


class PurposeIn(Schema):
    purpose: Annotated[str, Field(max_length=300, description="declared purpose (or give service_code)")] = ""
    service_code: Annotated[
        str, Field(max_length=40, description="code of the public service justifying the lookup")
    ] = ""
    dossier_ref: Annotated[str, Field(max_length=60, description="the dossier this lookup serves (free text)")] = ""
    agency: Annotated[
        str | None, Field(max_length=13, description="code of the client's agency acted for (needed if it has several)")
    ] = None
    fields: FieldsParam | None = None


class LookupIn(PurposeIn):
    personal_ids: Annotated[list[Annotated[str, Field(max_length=12)]], Field(min_length=1, max_length=1000)]


class SearchIn(PurposeIn):
    full_name: Annotated[str, Field(min_length=2, max_length=100, description="accents optional")]
    birth_date: dt.date | None = None
    birth_year: Annotated[int | None, Field(ge=1900, le=2100)] = None


class HouseholdIn(PurposeIn):
    household: Annotated[str, Field(min_length=6, max_length=20)]


class LookupOut(Schema):
    access_id: int
    field_set: str
    items: list[dict[str, Any]]
    not_found: list[str]


def _accessor(request: HttpRequest, body: PurposeIn) -> Accessor:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    agency_ids = list(client.agencies.values_list("pk", flat=True))
    agency_id = None
    if body.agency:
        agency_id = Agency.objects.filter(code=body.agency, pk__in=agency_ids).values_list("pk", flat=True).first()
        if agency_id is None:
            raise PermissionDenied(_("This client does not act for that agency."), code="agency_not_allowed")
    return api_accessor(
        client_id=client.pk,
        client_name=client.name,
        scopes=list(client.scopes),
        agency_ids=agency_ids,
        agency_id=agency_id,
        fields=body.fields,
    )


def _purpose(body: PurposeIn) -> Purpose:
    return Purpose(text=body.purpose, service_code=body.service_code, dossier_ref=body.dossier_ref)


def _out(result: LookupResult) -> LookupOut:
    return LookupOut(
        access_id=result.log_id, field_set=result.field_set, items=result.records, not_found=result.not_found
    )


@router.post("/lookup", response={200: LookupOut, **ERRORS}, summary="Look up 1–1,000 people by personal ID")
def lookup(request: HttpRequest, body: LookupIn) -> LookupOut:
    accessor = _accessor(request, body)
    return _out(person_lookup(accessor=accessor, purpose=_purpose(body), personal_ids=body.personal_ids))


@router.post("/search", response={200: LookupOut, **ERRORS}, summary="Find people by name and date or year of birth")
def search(request: HttpRequest, body: SearchIn) -> LookupOut:
    accessor = _accessor(request, body)
    result = person_search(
        accessor=accessor,
        purpose=_purpose(body),
        full_name=body.full_name,
        birth_date=body.birth_date,
        birth_year=body.birth_year,
    )
    return _out(result)


@router.post("/household", response={200: LookupOut, **ERRORS}, summary="The members of a household")
def household(request: HttpRequest, body: HouseholdIn) -> LookupOut:
    accessor = _accessor(request, body)
    return _out(household_lookup(accessor=accessor, purpose=_purpose(body), household_code=body.household))
