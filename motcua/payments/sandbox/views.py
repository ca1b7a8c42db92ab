"""HTTP face of the sandbox gateway (mounted under /pay/sandbox/ only when the setting enables it)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.payments.gateways import paygov, vnpay
from motcua.payments.gateways.config import paygov_secret, vnpay_secret
from motcua.payments.models import SandboxTransaction
from motcua.payments.receipts import vnd
from motcua.payments.sandbox import bank


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "payments/sandbox/refused.html", {"message": message}, status=400)


@require_http_methods(["GET"])
def vnpay_pay(request: HttpRequest) -> HttpResponse:
    """The signed pay request of the merchant: checked, then the customer goes to the checkout page."""
    params = request.GET.dict()
    if not vnpay.signature_ok(params, vnpay_secret()):
        return _refuse(request, _("The payment request is not signed correctly."))
    amount = vnpay.amount_of(params.get("vnp_Amount", ""))
    expires = vnpay.parse_vn_time(params.get("vnp_ExpireDate", ""))
    return_url = params.get("vnp_ReturnUrl", "")
    if (
        params.get("vnp_TmnCode") != settings.PAYMENTS_VNPAY_TMN_CODE
        or not amount
        or params.get("vnp_CurrCode") != "VND"
    ):
        return _refuse(request, _("The payment request is not valid."))
    if expires is None or expires < timezone.now():
        return _refuse(request, _("The payment request has expired."))
    if not return_url.startswith(("http://", "https://")) or not params.get("vnp_TxnRef"):
        return _refuse(request, _("The payment request is not valid."))
    record = bank.open_transaction(
        protocol=bank.VNPAY,
        reference=params["vnp_TxnRef"][:40],
        amount_vnd=amount,
        order_info=params.get("vnp_OrderInfo", ""),
        return_url=return_url,
        locale=params.get("vnp_Locale", "vn"),
    )
    return HttpResponseRedirect(reverse("portal:payments_sandbox_checkout", args=[record.token]))


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest, token: str) -> HttpResponse:
    """Pay or cancel: the bank's page. Then the merchant is notified and the customer sent back."""
    record = SandboxTransaction.objects.filter(token=token).first()
    if record is None:
        raise Http404
    if request.method == "POST" and record.status == "pending":
        record = bank.decide(record, pay=request.POST.get("action") == "pay")
        name = "api:payments_vnpay_ipn" if record.protocol == bank.VNPAY else "api:payments_paygov_confirm"
        bank.notify(request.build_absolute_uri(reverse(name)), record)
        return HttpResponseRedirect(bank.return_address(record))
    if record.status != "pending":
        return HttpResponseRedirect(bank.return_address(record))
    return render(
        request,
        "payments/sandbox/checkout.html",
        {"record": record, "amount": vnd(record.amount_vnd)},
    )


def _json(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@csrf_exempt
@require_POST
def vnpay_api(request: HttpRequest) -> JsonResponse:
    """querydr and refund, signed both ways (pipe-joined fields, HMAC-SHA512)."""
    body, secret = _json(request), vnpay_secret()
    command = body.get("vnp_Command")
    fields = vnpay.QUERY_FIELDS if command == "querydr" else vnpay.REFUND_FIELDS
    answer: dict[str, Any] = {"vnp_ResponseId": body.get("vnp_RequestId", ""), "vnp_Command": command or ""}
    answer |= {"vnp_TmnCode": settings.PAYMENTS_VNPAY_TMN_CODE, "vnp_TxnRef": body.get("vnp_TxnRef", "")}
    given = str(body.get("vnp_SecureHash", "")).lower()
    record = SandboxTransaction.objects.filter(merchant_reference=str(body.get("vnp_TxnRef", ""))).first()
    if command not in ("querydr", "refund") or given != vnpay.sign_fields(body, fields, secret):
        answer |= {"vnp_ResponseCode": "97", "vnp_Message": "Invalid checksum"}
    elif record is None:
        answer |= {"vnp_ResponseCode": "91", "vnp_Message": "Transaction not found"}
    elif command == "querydr":
        answer |= _describe(record) | {"vnp_ResponseCode": "00", "vnp_Message": "Success"}
    else:
        answer |= _refund(record, vnpay.amount_of(body.get("vnp_Amount", "")) or 0)
    names = vnpay.QUERY_ANSWER_FIELDS if command == "querydr" else vnpay.REFUND_ANSWER_FIELDS
    answer["vnp_SecureHash"] = vnpay.sign_fields(answer, names, secret)
    return JsonResponse(answer)


def _describe(record: SandboxTransaction) -> dict[str, str]:
    status = {"paid": "00", "cancelled": "02"}.get(record.status, "01")
    return {
        "vnp_Amount": str(record.amount_vnd * 100),
        "vnp_BankCode": "NCB",
        "vnp_PayDate": vnpay.vn_time(record.paid_at) if record.paid_at else "",
        "vnp_TransactionNo": record.transaction_no,
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": status,
        "vnp_OrderInfo": record.order_info,
    }


def _refund(record: SandboxTransaction, amount: int) -> dict[str, str]:
    left = record.amount_vnd - record.refunded_vnd
    if record.status != "paid" or not 0 < amount <= left:
        return {"vnp_ResponseCode": "94", "vnp_Message": "Refund refused"}
    updated = SandboxTransaction.objects.filter(pk=record.pk, refunded_vnd=record.refunded_vnd).update(
        refunded_vnd=record.refunded_vnd + amount
    )
    if not updated:
        return {"vnp_ResponseCode": "94", "vnp_Message": "Refund refused"}
    return _describe(record) | {
        "vnp_ResponseCode": "00",
        "vnp_Message": "Success",
        "vnp_Amount": str(amount * 100),
        "vnp_TransactionType": "02" if amount == record.amount_vnd else "03",
    }


@csrf_exempt
@require_POST
def paygov_api(request: HttpRequest) -> JsonResponse:
    """INIT (answers where to send the citizen) and QUERY (answers a signed confirmation)."""
    body, secret = _json(request), paygov_secret()
    kind = body.get("LoaiBanTin")
    if kind == "INIT" and paygov.check_ok(body, paygov.INIT_FIELDS, secret):
        amount = paygov.amount_of(body.get("SoTien", ""))
        return_url = str(body.get("UrlTraVe", ""))
        if not amount or body.get("MaDoiTac") != settings.PAYMENTS_PAYGOV_PARTNER or not return_url:
            return JsonResponse({"error_code": "2", "message": "Invalid request"})
        record = bank.open_transaction(
            protocol=bank.PAYGOV,
            reference=str(body.get("MaThamChieu", ""))[:40],
            amount_vnd=amount,
            order_info=str(body.get("ThongTinGiaoDich", "")),
            return_url=return_url,
            locale=str(body.get("NgonNgu", "vi")),
        )
        url = request.build_absolute_uri(reverse("portal:payments_sandbox_checkout", args=[record.token]))
        return JsonResponse({"error_code": "0", "message": {"UrlThanhToan": url}})
    if kind == "QUERY" and paygov.check_ok(body, paygov.QUERY_FIELDS, secret):
        found = SandboxTransaction.objects.filter(merchant_reference=str(body.get("MaThamChieu", ""))).first()
        if found is None:
            return JsonResponse({"error_code": "91", "message": "Not found"})
        return JsonResponse({"error_code": "0", "message": bank.paygov_confirmation(found)})
    return JsonResponse({"error_code": "97", "message": "Invalid check code"})
