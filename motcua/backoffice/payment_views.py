"""Fees in the back office (thu phí, lệ phí): the obligations of the agency's dossiers with their
reconciliation state, collection at the counter (cash, card, a VietQR transfer seen on the account),
waivers, refunds and the receipt. Officials of the dossier's agencies only; others are told "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError
from motcua.dossiers.actors import Actor, actor_for_user
from motcua.dossiers.selectors import dossier_get_for
from motcua.payments.constants import OPEN, LineKind, Method, Status
from motcua.payments.models import Payment
from motcua.payments.receipts import vnd
from motcua.payments.selectors import is_status, payment_list_for, receipt_for
from motcua.payments.services import LineIn, payment_cancel, payment_collect, payment_refund, payment_request
from motcua.payments.services.obligations import payment_for
from motcua.payments.services.staff import COUNTER_METHODS


def _actor(request: HttpRequest) -> Actor:
    assert isinstance(request.user, User)
    return actor_for_user(request.user)


def _payment_or_404(actor: Actor, payment_id: int) -> Payment:
    try:
        return payment_for(actor=actor, payment_id=payment_id)
    except DomainError as exc:
        raise Http404(str(exc.detail)) from exc


@official_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if is_status(status) else ""
    payments = list(payment_list_for(actor=_actor(request), status=status))
    return render(
        request,
        "backoffice/payments/list.html",
        {
            "rows": [(p, vnd(p.amount_vnd)) for p in payments],
            "statuses": Status.choices,
            "status": status,
        },
    )


def _detail(request: HttpRequest, payment: Payment, error: str = "", status: int = 200) -> HttpResponse:
    kinds = dict(LineKind.choices)
    context: dict[str, Any] = {
        "payment": payment,
        "amount": vnd(payment.amount_vnd),
        "refundable": vnd(payment.amount_vnd - payment.refunded_vnd),
        "lines": [(kinds.get(li.kind, li.kind), li, vnd(li.amount_vnd)) for li in payment.lines.all()],
        "attempts": list(payment.attempts.all()),
        "events": list(payment.events.order_by("created_at", "id")),
        "refunds": [(r, vnd(r.amount_vnd)) for r in payment.refunds.all()],
        "is_open": payment.status in OPEN,
        "is_paid": payment.status in (Status.PAID, Status.PARTLY_REFUNDED),
        "methods": [(m, label) for m, label in Method.choices if m in COUNTER_METHODS],
        "error": error,
        "receipt": getattr(payment, "receipt", None),
    }
    return render(request, "backoffice/payments/detail.html", context, status=status)


@official_required
@require_GET
def payment_detail(request: HttpRequest, payment_id: int) -> HttpResponse:
    return _detail(request, _payment_or_404(_actor(request), payment_id))


def _act(request: HttpRequest, payment_id: int, done: str, action: Any) -> HttpResponse:
    actor = _actor(request)
    payment = _payment_or_404(actor, payment_id)
    try:
        action(actor)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(str(exc.detail)) from exc
        return _detail(request, payment, error=str(exc.detail), status=422)
    messages.success(request, done)
    return redirect("backoffice:payments_detail", payment_id=payment.pk)


@official_required
@require_POST
def payment_collect_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    method, reference = request.POST.get("method", ""), request.POST.get("reference", "")[:100]
    return _act(
        request,
        payment_id,
        _("Payment recorded. The receipt is being issued."),
        lambda actor: payment_collect(actor=actor, payment_id=payment_id, method=method, reference=reference),
    )


def _amount(raw: str) -> int:
    digits = raw.replace(".", "").replace(",", "").replace(" ", "").strip()
    return int(digits) if digits.isdigit() and len(digits) <= 15 else 0


@official_required
@require_POST
def payment_refund_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    amount, reason = _amount(request.POST.get("amount", "")), request.POST.get("reason", "")[:500]
    return _act(
        request,
        payment_id,
        _("Refund recorded."),
        lambda actor: payment_refund(actor=actor, payment_id=payment_id, amount_vnd=amount, reason=reason),
    )


@official_required
@require_POST
def payment_cancel_view(request: HttpRequest, payment_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:500]
    return _act(
        request,
        payment_id,
        _("The obligation is cancelled."),
        lambda actor: payment_cancel(actor=actor, payment_id=payment_id, reason=reason),
    )


@official_required
@require_GET
def payment_receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    try:
        found = receipt_for(actor=_actor(request), payment_id=payment_id)
    except DomainError as exc:
        raise Http404(str(exc.detail)) from exc
    with found.file.open("rb") as pdf:
        response = HttpResponse(pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{found.number}.pdf"'
    return response


@official_required
@require_http_methods(["GET", "POST"])
def payment_request_view(request: HttpRequest) -> HttpResponse:
    """Ask for a charge or fee during processing (after-processing fees, or one the procedure does not list):
    the dossier waits in status 6 until it is paid."""
    actor = _actor(request)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:40]
    values = {k: request.POST.get(k, "")[:500] for k in ("kind", "description", "legal_basis", "amount", "reason")}
    error = ""
    if request.method == "POST":
        amount = _amount(values["amount"])
        try:
            dossier = dossier_get_for(actor=actor, code=code)
            payment = payment_request(
                actor=actor,
                dossier_id=dossier.pk,
                lines=[
                    LineIn(
                        kind=values["kind"] if values["kind"] in LineKind.values else LineKind.FEE,
                        description=values["description"].strip() or _("Fee"),
                        legal_basis=values["legal_basis"].strip()[:300],
                        amount_vnd=amount,
                    )
                ],
                reason=values["reason"].strip(),
            )
        except DomainError as exc:
            error = str(exc.detail)
        else:
            messages.success(request, _("Payment requested: the dossier waits until it is paid."))
            return redirect("backoffice:payments_detail", payment_id=payment.pk)
    return render(
        request,
        "backoffice/payments/request.html",
        {"code": code, "values": values, "kinds": LineKind.choices, "error": error},
        status=422 if error else 200,
    )
