"""Paying a dossier's fees (nộp phí, lệ phí trực tuyến): the citizen picks a way to pay, goes to the
gateway (or scans a VietQR code), comes back to the result, and downloads the receipt. The dossier's
own citizen only; anyone else is told "not found"."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from motcua.core.errors import DomainError
from motcua.dossiers.constants import State
from motcua.payments.constants import EventKind, LineKind
from motcua.payments.gateways import gateway
from motcua.payments.gateways.vietqr import svg
from motcua.payments.receipts import vnd
from motcua.payments.selectors import attempt_for, payments_of_dossier, receipt_for
from motcua.payments.services import offered_gateways, payment_callback, payment_start
from motcua.payments.services.obligations import payments_open_for_dossier
from motcua.portal.dossier_common import actor_of, citizen_only, not_found

RETURN_PROVIDERS = ("vnpay", "paygov")


def _lines(payment: object) -> list[dict[str, str]]:
    kinds = dict(LineKind.choices)
    return [
        {
            "kind": str(kinds.get(li.kind, li.kind)),
            "description": li.description,
            "basis": li.legal_basis,
            "amount": vnd(li.amount_vnd),
        }
        for li in payment.lines.all()  # type: ignore[attr-defined]
    ]


@citizen_only
@require_GET
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """The dossier's obligations: what is due, how to pay it, and the receipts of what was paid."""
    try:
        found = payments_of_dossier(actor=actor_of(request), code=code)
    except DomainError:
        return not_found(request)
    if found.dossier.submitter_user_id != request.user.pk:
        return not_found(request)
    if not found.payments and found.dossier.state == State.SUBMITTED:
        # The obligations of a new filing are made by a queued task: the citizen who comes here straight from
        # the confirmation page must not wait for the worker (idempotent, as the task is).
        payments_open_for_dossier(dossier_id=found.dossier.pk)
        found = payments_of_dossier(actor=actor_of(request), code=code)
    choices = [(g, gateway(g).label) for g in offered_gateways()]
    rows = [{"payment": p, "amount": vnd(p.amount_vnd), "lines": _lines(p)} for p in found.payments]
    return render(
        request,
        "portal/payments/pay.html",
        {
            "dossier": found.dossier,
            "rows": rows,
            "open": [r for r in rows if r["payment"] in found.open],
            "choices": choices,
            "key": secrets.token_hex(16),
        },
    )


@citizen_only
@require_POST
def start(request: HttpRequest, code: str, payment_id: int) -> HttpResponse:
    """Open the transaction at the chosen gateway and send the citizen there (or to the QR code)."""
    provider = request.POST.get("gateway", "")
    try:
        found = payments_of_dossier(actor=actor_of(request), code=code)
    except DomainError:
        return not_found(request)
    if payment_id not in {p.pk for p in found.payments}:
        return not_found(request)
    try:
        attempt = payment_start(
            actor=actor_of(request),
            payment_id=payment_id,
            provider=provider,
            idempotency_key=request.POST.get("key", "")[:64],
            return_url=request.build_absolute_uri(reverse("portal:payments_return", args=[provider or "none"])),
            site_url=request.build_absolute_uri("/"),
            client_ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
            locale=get_language() or "vi",
        )
    except DomainError as exc:
        if exc.status == 404:
            return not_found(request)
        messages.error(request, str(exc.detail))
        return HttpResponseRedirect(reverse("portal:payments_pay", args=[code]))
    if attempt.qr_payload:
        return HttpResponseRedirect(reverse("portal:payments_qr", args=[code, attempt.reference]))
    return HttpResponseRedirect(attempt.next_url)


@citizen_only
@require_GET
def qr(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    """The VietQR code to scan in a bank app, with the amount and the transfer reference."""
    try:
        attempt = attempt_for(actor=actor_of(request), reference=reference)
    except DomainError:
        return not_found(request)
    if attempt.payment.dossier.code != code or not attempt.qr_payload:
        return not_found(request)
    return render(
        request,
        "portal/payments/qr.html",
        {
            "dossier": attempt.payment.dossier,
            "amount": vnd(attempt.amount_vnd),
            "qr_svg": mark_safe(svg(attempt.qr_payload)),  # noqa: S308 - segno's own markup, no user text
            "payload": attempt.qr_payload,
        },
    )


@citizen_only
@require_GET
def gateway_return(request: HttpRequest, provider: str) -> HttpResponse:
    """Back from the gateway: the signed answer is checked like a notification, then the result is shown."""
    if provider not in RETURN_PROVIDERS:
        return not_found(request)
    params = {str(k): str(v)[:1000] for k, v in list(request.GET.items())[:60]}
    payment_callback(
        provider=provider, params=params, kind=EventKind.RETURN, remote_addr=request.META.get("REMOTE_ADDR")
    )
    reference = params.get("vnp_TxnRef") or params.get("MaThamChieu") or ""
    try:
        attempt = attempt_for(actor=actor_of(request), reference=reference)
    except DomainError:
        return not_found(request)
    return HttpResponseRedirect(reverse("portal:payments_result", args=[attempt.payment.dossier.code, reference]))


@citizen_only
@require_GET
def result(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    """What became of the payment (paid, cancelled or failed, or still waiting for the gateway)."""
    try:
        attempt = attempt_for(actor=actor_of(request), reference=reference)
    except DomainError:
        return not_found(request)
    if attempt.payment.dossier.code != code:
        return not_found(request)
    payment = attempt.payment
    return render(
        request,
        "portal/payments/result.html",
        {"dossier": payment.dossier, "attempt": attempt, "payment": payment, "amount": vnd(attempt.amount_vnd)},
    )


@citizen_only
@require_GET
def receipt(request: HttpRequest, code: str, payment_id: int) -> HttpResponseBase:
    """The e-receipt (PDF) of a paid obligation."""
    try:
        found = receipt_for(actor=actor_of(request), payment_id=payment_id)
    except DomainError:
        return not_found(request)
    if found.dossier.code != code or found.dossier.submitter_user_id != request.user.pk:
        return not_found(request)
    return FileResponse(
        found.file.open("rb"),
        content_type="application/pdf",
        filename=f"bien-lai-{found.number}.pdf",
        as_attachment=False,
    )
