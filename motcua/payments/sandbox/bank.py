"""The sandbox bank's book and messages (no Django views here: see ``views``)."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.payments.gateways import paygov, vnpay
from motcua.payments.gateways.config import paygov_secret, vnpay_secret
from motcua.payments.models import SandboxTransaction

logger = logging.getLogger(__name__)
VNPAY, PAYGOV = "vnpay", "paygov"


def open_transaction(
    *, protocol: str, reference: str, amount_vnd: int, order_info: str, return_url: str, locale: str
) -> SandboxTransaction:
    """The bank's record of an order (the same order reference opens the same record)."""
    record, _created = SandboxTransaction.objects.get_or_create(
        merchant_reference=reference,
        defaults={
            "token": secrets.token_urlsafe(18),
            "protocol": protocol,
            "amount_vnd": amount_vnd,
            "order_info": order_info[:255],
            "return_url": return_url[:500],
            "locale": locale[:5],
        },
    )
    return record


def decide(record: SandboxTransaction, pay: bool) -> SandboxTransaction:
    """The customer pressed Pay or Cancel (once: a decided transaction stays as it is)."""
    with transaction.atomic():
        now = timezone.now()
        fields = {"status": "paid", "paid_at": now} if pay else {"status": "cancelled"}
        if pay:
            fields["transaction_no"] = f"{now:%y%m%d}{secrets.randbelow(10**8):08d}"
        SandboxTransaction.objects.filter(pk=record.pk, status="pending").update(**fields)
    record.refresh_from_db()
    return record


def vnpay_result(record: SandboxTransaction) -> dict[str, str]:
    """The signed result the gateway sends to the return URL and to the IPN."""
    code = "00" if record.status == "paid" else vnpay.CANCELLED
    params = {
        "vnp_Amount": str(record.amount_vnd * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{record.transaction_no}" if record.transaction_no else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": record.order_info,
        "vnp_PayDate": vnpay.vn_time(record.paid_at or timezone.now()),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": settings.PAYMENTS_VNPAY_TMN_CODE,
        "vnp_TransactionNo": record.transaction_no or "0",
        "vnp_TransactionStatus": code if code == "00" else "02",
        "vnp_TxnRef": record.merchant_reference,
    }
    params = {k: v for k, v in params.items() if v != ""}
    params["vnp_SecureHash"] = vnpay.sign(params, vnpay_secret())
    return params


def paygov_confirmation(record: SandboxTransaction) -> dict[str, object]:
    paid, pending = record.status == "paid", record.status == "pending"
    message: dict[str, object] = {
        "LoaiBanTin": "CONFIRM",
        "MaLoi": "0" if paid or pending else "24",
        "MaDoiTac": settings.PAYMENTS_PAYGOV_PARTNER,
        "MaThamChieu": record.merchant_reference,
        "SoTien": record.amount_vnd,
        "MaTienTe": "VND",
        "MaGiaoDich": record.transaction_no,
        "MaNganHang": "SANDBOX",
        "ThoiGianGD": vnpay.vn_time(record.paid_at or timezone.now()),
        "ThongTinGiaoDich": record.order_info,
        "TrangThaiGD": paygov.PAID if paid else ("0" if pending else "2"),
    }
    message["MaXacThuc"] = paygov.check_code(message, paygov.CONFIRM_FIELDS, paygov_secret())
    return message


def result_of(record: SandboxTransaction) -> dict[str, object]:
    if record.protocol == VNPAY:
        return dict(vnpay_result(record))
    return paygov_confirmation(record)


def notify(url: str, record: SandboxTransaction) -> bool:
    """Tell the merchant's server (IPN: GET with the signed query; national platform: POST JSON)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    result = result_of(record)
    if record.protocol == VNPAY:
        request = urllib.request.Request(f"{url}?{urlencode(result)}", method="GET")  # noqa: S310
    else:
        request = urllib.request.Request(  # noqa: S310
            url, data=json.dumps(result).encode(), headers={"Content-Type": "application/json"}, method="POST"
        )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - scheme checked
            logger.info("sandbox notified %s: %s", url, response.status)
            return True
    except OSError as exc:
        logger.warning("sandbox could not notify %s: %s", url, exc)
        return False


def return_address(record: SandboxTransaction) -> str:
    separator = "&" if "?" in record.return_url else "?"
    return f"{record.return_url}{separator}{urlencode(result_of(record))}"
