"""VNPay-style redirect gateway (domain guide 9.3): HMAC-SHA512 over the key-sorted, URL-encoded query.

The citizen is redirected with a signed ``pay`` request; the gateway sends the citizen back to our return
URL and calls our IPN server to server, both signed the same way. Amounts travel as VND × 100.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import zoneinfo
from collections.abc import Mapping
from urllib.parse import quote_plus, urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.payments.constants import Refusal
from motcua.payments.gateways import Gateway, Order, RefundResult, Start, Verdict, gateways, same_digest, utf8
from motcua.payments.gateways.config import vnpay_api_url, vnpay_pay_url, vnpay_secret
from motcua.payments.gateways.http import post_json

VERSION = "2.1.0"
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UNSIGNED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
#: Response codes (vnp_ResponseCode) the pages explain; anything else is "the payment did not go through".
SUCCESS = "00"
CANCELLED = "24"
TIMEOUT = "11"
#: Fields of the signed querydr / refund request and of their signed answers, in order (pipe-joined).
QUERY_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)
REFUND_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_ANSWER_FIELDS = QUERY_ANSWER_FIELDS  # the refund answer is signed over the same fields


def vn_time(at: dt.datetime) -> str:
    """yyyyMMddHHmmss in GMT+7, as the gateway writes times."""
    return at.astimezone(VN).strftime("%Y%m%d%H%M%S")


def parse_vn_time(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VN)
    except (TypeError, ValueError):
        return None


def canonical_query(params: Mapping[str, str]) -> str:
    """The signed text: non-empty ``vnp_`` fields but the hash itself, sorted by key, URL-encoded."""
    items = sorted((k, str(v)) for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED and v != "")
    return urlencode(items, quote_via=quote_plus, encoding="utf-8", errors="replace")


def hmac512(secret: str, text: str) -> str:
    return hmac.new(utf8(secret), utf8(text), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac512(secret, canonical_query(params))


def signature_ok(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(secret) and bool(given) and same_digest(sign(params, secret), given)


def sign_fields(body: Mapping[str, object], fields: tuple[str, ...], secret: str) -> str:
    return hmac512(secret, "|".join(str(body.get(name, "")) for name in fields))


def signed_url(base: str, params: Mapping[str, str], secret: str) -> str:
    return f"{base}?{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


def amount_of(value: object) -> int | None:
    """VND from ``vnp_Amount`` (VND × 100); None when it is not a whole number of đồng."""
    try:
        raw = int(str(value))
    except ValueError:
        return None
    return raw // 100 if raw >= 0 and raw % 100 == 0 else None


@gateways.register("vnpay")
class VnpayGateway(Gateway):
    id = "vnpay"
    label = gettext_lazy("Card or bank account (payment gateway)")

    def available(self) -> bool:
        return bool(vnpay_secret() and vnpay_pay_url())

    def start(self, order: Order) -> Start:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": settings.PAYMENTS_VNPAY_TMN_CODE,
            "vnp_Amount": str(order.amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.reference,
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_Locale": "en" if order.locale.startswith("en") else "vn",
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip,
            "vnp_CreateDate": vn_time(order.created_at),
            "vnp_ExpireDate": vn_time(order.expires_at),
        }
        return Start(redirect_url=signed_url(vnpay_pay_url(order.site_url), params, vnpay_secret()), sent=params)

    def verify(self, params: dict[str, str]) -> Verdict:
        raw: dict[str, object] = dict(params)
        reference = str(params.get("vnp_TxnRef", ""))[:40]
        if not signature_ok(params, vnpay_secret()):
            return Verdict(reference, False, None, refusal=Refusal.SIGNATURE, detail=_("Wrong signature."), raw=raw)
        if params.get("vnp_TmnCode") != settings.PAYMENTS_VNPAY_TMN_CODE:
            return Verdict(reference, False, None, signature_ok=True, refusal=Refusal.MERCHANT, raw=raw)
        amount = amount_of(params.get("vnp_Amount", ""))
        if amount is None or not reference:
            return Verdict(reference, False, None, signature_ok=True, refusal=Refusal.MALFORMED, raw=raw)
        code = str(params.get("vnp_ResponseCode", ""))
        return Verdict(
            reference=reference,
            paid=code == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS,
            amount_vnd=amount,
            transaction=str(params.get("vnp_TransactionNo", ""))[:100],
            bank_code=str(params.get("vnp_BankCode", ""))[:20],
            paid_at=parse_vn_time(str(params.get("vnp_PayDate", ""))),
            response_code=code,
            signature_ok=True,
            raw=raw,
        )

    def query(self, order: Order) -> Verdict:
        now = timezone.now()
        body: dict[str, object] = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": settings.PAYMENTS_VNPAY_TMN_CODE,
            "vnp_TxnRef": order.reference,
            "vnp_TransactionDate": vn_time(order.created_at),
            "vnp_CreateDate": vn_time(now),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_OrderInfo": f"Truy van giao dich {order.reference}",
        }
        body["vnp_SecureHash"] = sign_fields(body, QUERY_FIELDS, vnpay_secret())
        answer = post_json(vnpay_api_url(), body)
        raw: dict[str, object] = {"request": body, "answer": answer}
        expected = sign_fields(answer, QUERY_ANSWER_FIELDS, vnpay_secret())
        if not same_digest(expected, str(answer.get("vnp_SecureHash", ""))):
            return Verdict(
                order.reference, False, None, refusal=Refusal.SIGNATURE, detail=_("Wrong signature."), raw=raw
            )
        code = str(answer.get("vnp_ResponseCode", ""))
        if code != SUCCESS:  # 91: no such transaction at the gateway
            return Verdict(order.reference, False, None, response_code=code, signature_ok=True, raw=raw)
        return Verdict(
            reference=str(answer.get("vnp_TxnRef", "")),
            paid=answer.get("vnp_TransactionStatus") == SUCCESS,
            amount_vnd=amount_of(answer.get("vnp_Amount", "")),
            transaction=str(answer.get("vnp_TransactionNo", "")),
            bank_code=str(answer.get("vnp_BankCode", "")),
            paid_at=parse_vn_time(str(answer.get("vnp_PayDate", ""))),
            response_code=str(answer.get("vnp_TransactionStatus", "")),
            signature_ok=True,
            raw=raw,
        )

    def refund(self, order: Order, transaction: str, amount_vnd: int, whole: bool) -> RefundResult:
        now = timezone.now()
        body: dict[str, object] = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": settings.PAYMENTS_VNPAY_TMN_CODE,
            "vnp_TransactionType": "02" if whole else "03",
            "vnp_TxnRef": order.reference,
            "vnp_Amount": str(amount_vnd * 100),
            "vnp_TransactionNo": transaction,
            "vnp_TransactionDate": vn_time(order.created_at),
            "vnp_CreateBy": "motcua",
            "vnp_CreateDate": vn_time(now),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_OrderInfo": f"Hoan tien {order.reference}",
        }
        body["vnp_SecureHash"] = sign_fields(body, REFUND_FIELDS, vnpay_secret())
        answer = post_json(vnpay_api_url(), body)
        expected = sign_fields(answer, REFUND_ANSWER_FIELDS, vnpay_secret())
        if not same_digest(expected, str(answer.get("vnp_SecureHash", ""))):
            return RefundResult(ok=False, detail="bad signature on the refund answer")
        ok = answer.get("vnp_ResponseCode") == SUCCESS
        return RefundResult(
            ok=ok, transaction=str(answer.get("vnp_TransactionNo", "")), detail=str(answer.get("vnp_Message", ""))
        )
