"""Fee payments: gateway callbacks (VNPay-style IPN, national payment platform confirmation) and the
payment status of a dossier.

The callbacks are public (a gateway has no token) but every message is verified — signature, merchant,
currency, order, amount, expiry, replay — and logged raw, accepted or refused; a paid message delivered
twice credits once. The status is for the dossier's citizen (session) and for API clients of its agencies.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt

from motcua.api.routers.dossiers import AUTH, READ, actor_of
from motcua.api.schemas import Problem
from motcua.payments.constants import EventKind, Refusal
from motcua.payments.selectors import payments_of_dossier
from motcua.payments.services import payment_callback

router = Router(tags=["payments"])

#: IPN answers of the VNPay-style protocol (RspCode): what the gateway expects back.
IPN_ANSWERS = {
    Refusal.UNKNOWN_ORDER: ("01", "Order not found"),
    Refusal.REPLAY: ("02", "Order already confirmed"),
    Refusal.ALREADY: ("02", "Order already confirmed"),
    Refusal.AMOUNT: ("04", "Invalid amount"),
    Refusal.SIGNATURE: ("97", "Invalid signature"),
}


class IpnAnswer(Schema):
    RspCode: str
    Message: str


Text = Annotated[str, Field(max_length=500)]


class PaygovConfirmation(Schema):
    """The national platform's confirmation (field names as the platform sends them)."""

    LoaiBanTin: Text
    MaLoi: Text = ""
    MaDoiTac: Text
    MaThamChieu: Text
    SoTien: Annotated[StrictInt, Field(ge=0, le=10**15)]
    MaTienTe: Text
    MaGiaoDich: Text = ""
    MaNganHang: Text = ""
    ThoiGianGD: Text = ""
    ThongTinGiaoDich: Text = ""
    TrangThaiGD: Text = ""
    MaXacThuc: Text


class PaygovAnswer(Schema):
    error_code: str
    message: str


class LineOut(Schema):
    kind: str
    description: str
    legal_basis: str
    amount_vnd: int


class PaymentOut(Schema):
    id: int
    timing: str
    status: str
    amount_vnd: int
    refunded_vnd: int
    method: str
    provider: str
    paid_at: dt.datetime | None
    receipt_number: str | None
    lines: list[LineOut]


class DossierPaymentsOut(Schema):
    dossier_code: str
    payments: list[PaymentOut]


def _remote(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _flat(data: dict[str, Any]) -> dict[str, str]:
    """A callback's fields as short text that the event log can store: a lone surrogate or a NUL (which
    PostgreSQL's JSON refuses) becomes a replacement character, so the message is logged and refused, not a 500."""
    clean = {str(k)[:100]: str(v)[:1000] for k, v in list(data.items())[:60]}
    return {_storable(k): _storable(v) for k, v in clean.items()}


def _storable(text: str) -> str:
    return text.encode("utf-8", "replace").decode().replace("\x00", "\ufffd")


@router.get("/vnpay/ipn", response=IpnAnswer, auth=None, url_name="payments_vnpay_ipn")
def vnpay_ipn(request: HttpRequest) -> dict[str, str]:
    """Instant payment notification of the VNPay-style gateway (signed query string); answers RspCode."""
    outcome = payment_callback(provider="vnpay", params=_flat(request.GET.dict()), remote_addr=_remote(request))
    if outcome.accepted:
        return {"RspCode": "00", "Message": "Confirm Success"}
    code, message = IPN_ANSWERS.get(Refusal(outcome.refusal), ("99", "Unknown error"))
    return {"RspCode": code, "Message": message}


@router.post(
    "/paygov/confirm",
    response={200: PaygovAnswer, 400: Problem, 422: Problem},
    auth=None,
    url_name="payments_paygov_confirm",
)
def paygov_confirm(request: HttpRequest, payload: PaygovConfirmation) -> dict[str, str]:
    """Payment confirmation of the national payment platform (JSON with its MaXacThuc check code)."""
    outcome = payment_callback(
        provider="paygov", params=_flat(payload.dict()), kind=EventKind.CALLBACK, remote_addr=_remote(request)
    )
    if outcome.accepted:
        return {"error_code": "0", "message": "OK"}
    return {"error_code": "1", "message": outcome.refusal}


@router.get("/dossiers/{code}", response={200: DossierPaymentsOut, **READ}, auth=AUTH)
def dossier_payments(request: HttpRequest, code: str) -> DossierPaymentsOut:
    """The obligations of a dossier, their status and receipt (its citizen, or its agencies)."""
    found = payments_of_dossier(actor=actor_of(request), code=code)
    return DossierPaymentsOut(
        dossier_code=found.dossier.code,
        payments=[
            PaymentOut(
                id=p.pk,
                timing=p.timing,
                status=p.status,
                amount_vnd=p.amount_vnd,
                refunded_vnd=p.refunded_vnd,
                method=p.method,
                provider=p.provider,
                paid_at=p.paid_at,
                receipt_number=getattr(getattr(p, "receipt", None), "number", None),
                lines=[
                    LineOut(
                        kind=li.kind, description=li.description, legal_basis=li.legal_basis, amount_vnd=li.amount_vnd
                    )
                    for li in p.lines.all()
                ],
            )
            for p in found.payments
        ],
    )
