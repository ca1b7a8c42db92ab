"""Actions on a dossier (thao tác xử lý hồ sơ): one operation per lifecycle service, scoped to the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Schema

from motcua.api.routers.dossiers import WRITE, ComponentSchema, DossierOut, Short, Text, actor_of, dossier_out, router
from motcua.dossiers import selectors
from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier


def _act(request: HttpRequest, code: str, service: Callable[..., Dossier], **kwargs: Any) -> DossierOut:
    actor = actor_of(request)
    dossier = selectors.dossier_get_for(actor=actor, code=code)
    moved = service(actor=actor, dossier_id=dossier.pk, **kwargs)
    return dossier_out(selectors.dossier_get_for(actor=actor, code=moved.code))


class VersionIn(Schema):
    version: Annotated[int | None, Field(ge=1, description="the version read; a stale one is refused (409)")] = None


class ReasonIn(VersionIn):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class OptionalReasonIn(VersionIn):
    reason: Text = ""


class ItemsIn(ReasonIn):
    items: Annotated[list[Short], Field(max_length=50)] = Field(default_factory=list)


class ActionIn(OptionalReasonIn):
    action_id: Annotated[str | None, Field(max_length=40)] = None


class ReceiveIn(VersionIn):
    action_id: Annotated[str | None, Field(max_length=40)] = None


class ComponentsIn(VersionIn):
    components: Annotated[list[ComponentSchema], Field(max_length=100)] = Field(default_factory=list)
    note: Text = ""


class UserIn(OptionalReasonIn):
    user: Annotated[int, Field(ge=1, le=2**31 - 1, description="id of the official")]


class PaymentIn(OptionalReasonIn):
    amount_vnd: Annotated[int, Field(ge=1, le=10**13)]


class ReferenceIn(VersionIn):
    reference: Annotated[str, Field(max_length=100)] = ""


class ApologyIn(ReasonIn):
    new_due_at: dt.datetime


class DecisionIn(VersionIn):
    approve: bool
    note: Text = ""


class CorrectionIn(ReasonIn):
    field: Literal["due_at", "summary", "submitter_phone", "submitter_address", "owner_address"]
    value: Annotated[str, Field(max_length=1000)]


def _components(items: list[ComponentSchema]) -> list[svc.ComponentIn]:
    return [svc.ComponentIn(**c.dict()) for c in items]


@router.post("/{code}/receive", response={200: DossierOut, **WRITE}, summary="Receive (tiếp nhận): the clock starts")
def receive(request: HttpRequest, code: str, body: ReceiveIn) -> DossierOut:
    return _act(request, code, svc.dossier_receive, version=body.version, action_id=body.action_id)


@router.post("/{code}/refuse", response={200: DossierOut, **WRITE}, summary="Refuse at reception, with the reason")
def refuse(request: HttpRequest, code: str, body: ReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_refuse, version=body.version, reason=body.reason)


@router.post("/{code}/ask-to-complete", response={200: DossierOut, **WRITE}, summary="Ask to complete before reception")
def ask_to_complete(request: HttpRequest, code: str, body: ItemsIn) -> DossierOut:
    return _act(request, code, svc.dossier_ask_to_complete, version=body.version, reason=body.reason, items=body.items)


@router.post("/{code}/resubmit", response={200: DossierOut, **WRITE}, summary="Hand in what was missing at reception")
def resubmit(request: HttpRequest, code: str, body: ComponentsIn) -> DossierOut:
    return _act(
        request,
        code,
        svc.dossier_resubmit,
        version=body.version,
        components=_components(body.components),
        note=body.note,
    )


@router.post("/{code}/assign", response={200: DossierOut, **WRITE}, summary="Assign a handler (leader)")
def assign(request: HttpRequest, code: str, body: UserIn) -> DossierOut:
    return _act(request, code, svc.dossier_assign, version=body.version, assignee_id=body.user)


@router.post("/{code}/hand-over", response={200: DossierOut, **WRITE}, summary="Hand to a colleague")
def hand_over(request: HttpRequest, code: str, body: UserIn) -> DossierOut:
    return _act(request, code, svc.dossier_hand_over, version=body.version, colleague_id=body.user, reason=body.reason)


@router.post(
    "/{code}/transfer", response={200: DossierOut, **WRITE}, summary="Transfer to the next step, agency or level"
)
def transfer(request: HttpRequest, code: str, body: ActionIn) -> DossierOut:
    return _act(request, code, svc.dossier_transfer, version=body.version, action_id=body.action_id, reason=body.reason)


@router.post("/{code}/approve", response={200: DossierOut, **WRITE}, summary="Approve and sign (leader)")
def approve(request: HttpRequest, code: str, body: ActionIn) -> DossierOut:
    return _act(request, code, svc.dossier_approve, version=body.version, action_id=body.action_id, reason=body.reason)


@router.post("/{code}/send-back", response={200: DossierOut, **WRITE}, summary="Send back to the previous step")
def send_back(request: HttpRequest, code: str, body: ReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_send_back, version=body.version, reason=body.reason)


@router.post("/{code}/recall", response={200: DossierOut, **WRITE}, summary="Recall the dossier just sent")
def recall(request: HttpRequest, code: str, body: OptionalReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_recall, version=body.version, reason=body.reason)


@router.post(
    "/{code}/request-supplement",
    response={200: DossierOut, **WRITE},
    summary="Request a supplement (once; clock paused)",
)
def request_supplement(request: HttpRequest, code: str, body: ItemsIn) -> DossierOut:
    return _act(
        request, code, svc.dossier_request_supplement, version=body.version, reason=body.reason, items=body.items
    )


@router.post(
    "/{code}/ask-desk", response={200: DossierOut, **WRITE}, summary="Ask the one-stop desk before the citizen"
)
def ask_desk(request: HttpRequest, code: str, body: ItemsIn) -> DossierOut:
    return _act(request, code, svc.dossier_ask_desk, version=body.version, reason=body.reason, items=body.items)


@router.post(
    "/{code}/supplement", response={200: DossierOut, **WRITE}, summary="Hand in the supplement (clock resumes)"
)
def supplement(request: HttpRequest, code: str, body: ComponentsIn) -> DossierOut:
    return _act(
        request,
        code,
        svc.dossier_supplement_answer,
        version=body.version,
        components=_components(body.components),
        note=body.note,
    )


@router.post(
    "/{code}/request-payment", response={200: DossierOut, **WRITE}, summary="Await a fee or financial obligation"
)
def request_payment(request: HttpRequest, code: str, body: PaymentIn) -> DossierOut:
    return _act(
        request, code, svc.dossier_request_payment, version=body.version, amount_vnd=body.amount_vnd, reason=body.reason
    )


@router.post("/{code}/confirm-payment", response={200: DossierOut, **WRITE}, summary="The obligation is paid")
def confirm_payment(request: HttpRequest, code: str, body: ReferenceIn) -> DossierOut:
    return _act(request, code, svc.dossier_confirm_payment, version=body.version, reference=body.reference)


@router.post("/{code}/apologise", response={200: DossierOut, **WRITE}, summary="Apology and new appointment (once)")
def apologise(request: HttpRequest, code: str, body: ApologyIn) -> DossierOut:
    return _act(
        request, code, svc.dossier_apologise, version=body.version, reason=body.reason, new_due_at=body.new_due_at
    )


@router.post(
    "/{code}/letters/{letter}/decide",
    response={200: DossierOut, **WRITE},
    summary="A leader decides on a drafted letter",
)
def decide_letter(
    request: HttpRequest, code: str, letter: Annotated[int, Field(ge=1, le=2**31 - 1)], body: DecisionIn
) -> DossierOut:
    return _act(
        request,
        code,
        svc.dossier_letter_decide,
        version=body.version,
        letter_id=letter,
        approve=body.approve,
        note=body.note,
    )


@router.post("/{code}/return", response={200: DossierOut, **WRITE}, summary="Return the result (status 10)")
def return_result(request: HttpRequest, code: str, body: OptionalReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_return, version=body.version, note=body.reason)


@router.post("/{code}/withdraw", response={200: DossierOut, **WRITE}, summary="Withdraw at the citizen's request")
def withdraw(request: HttpRequest, code: str, body: ReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_withdraw, version=body.version, reason=body.reason)


@router.post("/{code}/stop", response={200: DossierOut, **WRITE}, summary="Stop processing (leader)")
def stop(request: HttpRequest, code: str, body: ReasonIn) -> DossierOut:
    return _act(request, code, svc.dossier_stop, version=body.version, reason=body.reason)


@router.post(
    "/{code}/correct", response={200: DossierOut, **WRITE}, summary="Administrator correction (a new audit entry)"
)
def correct(request: HttpRequest, code: str, body: CorrectionIn) -> DossierOut:
    return _act(
        request, code, svc.dossier_correct, version=body.version, field=body.field, value=body.value, reason=body.reason
    )
