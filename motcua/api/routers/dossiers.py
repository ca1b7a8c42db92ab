"""Dossiers (hồ sơ): file, read, list, act on and audit them. Every call is scoped to the caller: an API
client (bearer token, scopes ``dossiers:read``/``dossiers:write``) acts for its agencies; a logged-in
official (with a verified second factor) for the roles they hold; a citizen for their own dossiers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import APIKeyCookie

from motcua.accounts.models import ApiClient, User
from motcua.agencies.models import Agency
from motcua.api.auth import ApiToken
from motcua.api.schemas import Problem
from motcua.core.errors import NotFound
from motcua.dossiers import selectors
from motcua.dossiers import services as svc
from motcua.dossiers.actors import Actor, actor_for_client, actor_for_user
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import AccessKind, AuditEntry, Dossier, DossierComponent
from motcua.dossiers.services.engine import active_agency_code
from motcua.dossiers.services.filing import receiving_agency_id
from motcua.dossiers.services.intake import dossier_file
from motcua.dossiers.slips.register import register_pdf, register_xlsx
from motcua.dossiers.slips.render import dossier_slip


class OfficialSession(APIKeyCookie):
    """The site's session: citizens, and officials whose second factor is verified."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(user, "is_official", False) and settings.OFFICIAL_TOTP_REQUIRED:
            verified = getattr(user, "is_verified", None)
            if not (verified and verified()):
                return None
        return user


AUTH = [ApiToken(), OfficialSession()]
router = Router(tags=["dossiers"], auth=AUTH)
READ: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
WRITE: dict[int, Any] = {**READ, 409: Problem}

Text = Annotated[str, Field(max_length=2000)]
Short = Annotated[str, Field(max_length=300)]


def actor_of(request: HttpRequest) -> Actor:
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ApiClient):
        return actor_for_client(auth)
    assert isinstance(auth, User)
    return actor_for_user(auth)


class PartySchema(Schema):
    name: Annotated[str, Field(min_length=1, max_length=150)]
    id_number: Annotated[str, Field(min_length=1, max_length=14, description="12-digit personal ID, or tax code")]
    kind: Literal["person", "organisation"] = "person"
    phone: Annotated[str, Field(max_length=20)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    address: Short = ""


class ComponentSchema(Schema):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    code: Annotated[str, Field(max_length=40)] = ""
    copy_kind: Literal["original", "certified", "copy"] = "original"
    quantity: Annotated[int, Field(ge=1, le=100)] = 1
    digitised: bool = False
    reused: bool = False
    from_store: bool = False
    file_ref: Short = ""


class DossierIn(Schema):
    procedure: Annotated[str, Field(min_length=1, max_length=40, description="procedure code, e.g. 1.001193")]
    procedure_version: Annotated[int | None, Field(ge=1, le=100000)] = None
    case: Annotated[str, Field(max_length=40)] = ""
    agency: Annotated[
        str, Field(min_length=1, max_length=13, description="electronic identifier of the receiving agency")
    ]
    channel: Literal["in_person", "online", "post"]
    submitter: PartySchema
    owner: PartySchema | None = None
    summary: Annotated[str, Field(max_length=1000)] = ""
    form_data: dict[str, Any] = Field(default_factory=dict)
    components: Annotated[list[ComponentSchema], Field(max_length=100)] = Field(default_factory=list)
    client_reference: Annotated[str, Field(max_length=100)] = ""
    receive: bool = Field(default=False, description="received at once at the counter (the clock starts)")


class ComponentOut(Schema):
    name: str
    code: str
    copy_kind: str
    quantity: int
    digitised: bool
    reused: bool
    from_store: bool
    supplemented: bool


class DossierOut(Schema):
    code: str
    version: int
    state: str
    national_status: int
    procedure: str
    procedure_name: str
    procedure_version: int
    case: str
    channel: str
    agency: str
    current_agency: str
    step: str
    assignee: int | None
    parent: str | None
    submitter_name: str
    owner_name: str
    summary: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    clock_started_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    paused_at: dt.datetime | None
    supplement_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    supplements: int
    apologies: int
    components: list[ComponentOut] | None = None


class DossierPageOut(Schema):
    count: int
    items: list[DossierOut]


class AuditOut(Schema):
    dossier: str
    seq: int
    at: dt.datetime
    verb: str
    actor: str
    from_state: str
    to_state: str
    from_step: str
    to_step: str
    national_status: int
    reason: str
    data: dict[str, Any]
    hash: str


def _codes(ids: set[int]) -> dict[int, str]:
    return dict(Agency.objects.filter(pk__in=ids).values_list("id", "code"))


def _codes_of(d: Dossier) -> dict[int, str]:
    """The codes of the dossier's agencies, from the engine's per-process cache when they are active."""
    codes = {i: active_agency_code(i) for i in {d.agency_id, d.current_agency_id}}
    if all(codes.values()):
        return {i: code for i, code in codes.items() if code}
    return _codes(set(codes))


def _component_out(c: DossierComponent) -> ComponentOut:
    return ComponentOut.model_construct(
        name=c.name,
        code=c.code,
        copy_kind=c.copy_kind,
        quantity=c.quantity,
        digitised=c.digitised,
        reused=c.reused,
        from_store=c.from_store,
        supplemented=c.supplemented,
    )


def dossier_out(
    d: Dossier,
    agencies: dict[int, str] | None = None,
    components: bool = True,
    rows: Sequence[DossierComponent] | None = None,
) -> DossierOut:
    """The API's view of a dossier; ``rows`` are its components when the caller has them (no re-read)."""
    codes = agencies or _codes_of(d)
    # the model's own typed values: built without the schema's generic attribute-reading validation
    return DossierOut.model_construct(
        code=d.code,
        version=d.version,
        state=d.state,
        national_status=d.national_status,
        procedure=d.procedure_code,
        procedure_name=d.procedure_name,
        procedure_version=d.procedure_version_id,
        case=d.case_code,
        channel=d.channel,
        agency=codes.get(d.agency_id, ""),
        current_agency=codes.get(d.current_agency_id, ""),
        step=d.step,
        assignee=d.assignee_id,
        parent=d.parent.code if d.parent_id and d.parent else None,
        submitter_name=d.submitter_name,
        owner_name=d.owner_name,
        summary=d.summary,
        submitted_at=d.submitted_at,
        received_at=d.received_at,
        clock_started_at=d.clock_started_at,
        due_at=d.due_at,
        original_due_at=d.original_due_at,
        paused_at=d.paused_at,
        supplement_due_at=d.supplement_due_at,
        finished_at=d.finished_at,
        returned_at=d.returned_at,
        supplements=d.supplements,
        apologies=d.apologies,
        components=[_component_out(c) for c in (d.components.all() if rows is None else rows)] if components else None,
    )


def _entry(code: str, e: AuditEntry) -> AuditOut:
    return AuditOut(
        dossier=code,
        seq=e.seq,
        at=e.at,
        verb=e.verb,
        actor=e.actor_name,
        from_state=e.from_state,
        to_state=e.to_state,
        from_step=e.from_step,
        to_step=e.to_step,
        national_status=e.national_status,
        reason=e.reason,
        data=e.data,
        hash=e.hash,
    )


@router.post("", response={201: DossierOut, **WRITE}, summary="File a dossier (idempotent with Idempotency-Key)")
def create(request: HttpRequest, body: DossierIn) -> Status[DossierOut]:
    actor = actor_of(request)
    agency_id = receiving_agency_id(body.agency)
    if agency_id is None:
        raise InvalidDossier(_("Unknown receiving agency."), field="agency", code="unknown_agency")
    reference = body.client_reference or request.headers.get("Idempotency-Key", "")[:100]
    dossier, rows = dossier_file(
        actor=actor,
        agency_id=agency_id,
        procedure_code=body.procedure,
        procedure_version=body.procedure_version,
        case_code=body.case,
        channel=body.channel,
        submitter=svc.PartyIn(**body.submitter.dict()),
        owner=svc.PartyIn(**body.owner.dict()) if body.owner else None,
        summary=body.summary,
        form_data=body.form_data,
        components=[svc.ComponentIn(**c.dict()) for c in body.components],
        client_reference=reference,
        receive=body.receive,
    )
    return Status(201, dossier_out(dossier, rows=rows))


class ListFilters(Schema):
    state: Annotated[str | None, Field(max_length=20)] = None
    national_status: Annotated[int | None, Field(ge=1, le=10)] = None
    procedure: Annotated[str | None, Field(max_length=40)] = None
    agency: Annotated[str | None, Field(max_length=13)] = None
    current_agency: Annotated[str | None, Field(max_length=13)] = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool | None = None
    q: Annotated[str | None, Field(max_length=100)] = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0


@router.get("", response={200: DossierPageOut, **READ}, summary="List the dossiers the caller may see")
def list_dossiers(request: HttpRequest, filters: Query[ListFilters]) -> DossierPageOut:
    data = filters.dict()
    limit, offset = data.pop("limit"), data.pop("offset")
    actor = actor_of(request)
    page = selectors.dossier_list_for(actor=actor, filters=selectors.DossierFilters(**data), limit=limit, offset=offset)
    codes = _codes({d.agency_id for d in page.items} | {d.current_agency_id for d in page.items})
    # every dossier of the page was shown to the caller: one read-log row each, in one INSERT
    svc.dossier_reads_log(
        actor=actor, dossier_ids=[d.pk for d in page.items], kind=AccessKind.LIST, detail="search" if filters.q else ""
    )
    return DossierPageOut(count=page.count, items=[dossier_out(d, codes, components=False) for d in page.items])


def _binary(kind: str) -> dict[str, Any]:
    return {
        "responses": {200: {"description": kind, "content": {kind: {"schema": {"type": "string", "format": "binary"}}}}}
    }


class RegisterQuery(Schema):
    start: dt.date
    end: dt.date
    format: Literal["pdf", "xlsx"] = "pdf"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/registers/{agency}",
    response=READ,
    summary="Dossier register (sổ theo dõi hồ sơ, form 07) of an agency",
    openapi_extra=_binary("application/pdf"),
)
def register(
    request: HttpRequest, agency: Annotated[str, Field(max_length=13)], query: Query[RegisterQuery]
) -> HttpResponse:
    actor = actor_of(request)
    found = Agency.objects.filter(code=agency).first()
    if found is None or not (actor.city_operator or found.pk in actor.agencies):
        raise NotFound(_("No such agency."))
    if query.end < query.start or (query.end - query.start).days > 366:
        raise InvalidDossier(_("Give a period of at most one year."), field="end")
    if query.format == "xlsx":
        body, kind = register_xlsx(actor=actor, agency_id=found.pk, start=query.start, end=query.end), XLSX
    else:
        body, kind = register_pdf(actor=actor, agency_id=found.pk, start=query.start, end=query.end), "application/pdf"
    return HttpResponse(body, content_type=kind)


@router.get(
    "/{code}/slips/{kind}",
    response=READ,
    summary="A slip as PDF (receipt, supplement, refusal, apology, stop, control)",
    openapi_extra=_binary("application/pdf"),
)
def slip(
    request: HttpRequest, code: str, kind: Literal["receipt", "supplement", "refusal", "apology", "stop", "control"]
) -> HttpResponse:
    actor = actor_of(request)
    dossier = selectors.dossier_get_for(actor=actor, code=code)
    issued = dossier_slip(actor=actor, dossier_id=dossier.pk, kind=kind)
    svc.dossier_read_log(actor=actor, dossier=dossier, kind=AccessKind.SLIP, detail=kind)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}.pdf"'
    return response


@router.get("/{code}", response={200: DossierOut, **READ}, summary="Read a dossier")
def read(request: HttpRequest, code: str) -> DossierOut:
    actor = actor_of(request)
    dossier = selectors.dossier_get_for(actor=actor, code=code)
    svc.dossier_read_log(actor=actor, dossier=dossier, kind=AccessKind.API)
    return dossier_out(dossier)


@router.get(
    "/{code}/audit",
    response={200: list[AuditOut], **READ},
    summary="The audit trail of a dossier (with its linked dossiers for a group)",
)
def audit(request: HttpRequest, code: str) -> list[AuditOut]:
    actor = actor_of(request)
    timeline = selectors.dossier_timeline_for(actor=actor, code=code)
    # the trail names who did what to whom: a read of each dossier it shows (a group's linked ones too)
    svc.dossier_reads_log(
        actor=actor, dossier_ids=[e.dossier_id for _owner, e in timeline], kind=AccessKind.API, detail="audit"
    )
    return [_entry(owner, e) for owner, e in timeline]


from motcua.api.routers import dossier_actions  # noqa: E402, F401 — registers the action operations on this router
