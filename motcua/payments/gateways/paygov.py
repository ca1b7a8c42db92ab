"""National payment platform adapter (Nền tảng thanh toán trực tuyến, "PayGov"; domain guide 9.1).

JSON messages, protocol 1.0.6: INIT creates a payment and answers the address to send the citizen to,
QUERY asks its status, and the platform confirms a payment to us. Every message carries ``MaXacThuc``,
the lowercase hex SHA-256 of pipe-joined fields followed by the partner secret.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.text import fold
from motcua.payments.constants import Refusal
from motcua.payments.exceptions import GatewayUnavailable
from motcua.payments.gateways import Gateway, Order, RefundResult, Start, Verdict, gateways, same_digest, utf8
from motcua.payments.gateways.config import paygov_secret, paygov_url
from motcua.payments.gateways.http import post_json
from motcua.payments.gateways.vnpay import parse_vn_time, vn_time

VERSION = "1.0.6"
INIT_FIELDS = (
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "LoaiHinhThanhToan",
    "MaKenhThanhToan",
    "MaThietBi",
    "NgonNgu",
    "MaTienTe",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
    "Ip",
)
QUERY_FIELDS = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
#: The confirmation's fields in the order they are checked [unconfirmed order: the guide lists the fields].
CONFIRM_FIELDS = (
    "LoaiBanTin",
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "ThoiGianGD",
    "ThongTinGiaoDich",
    "TrangThaiGD",
)
PAID = "1"  # TrangThaiGD of a successful transaction [unconfirmed]
LINE_KIND = {"charge": "1", "fee": "2"}  # LoaiPhiLePhi [unconfirmed codes]


def check_code(message: Mapping[str, object], fields: tuple[str, ...], secret: str) -> str:
    """MaXacThuc: sha256(field1|field2|…|secret), lowercase hex."""
    text = "|".join([*(str(message.get(name, "")) for name in fields), secret])
    return hashlib.sha256(utf8(text)).hexdigest()


def check_ok(message: Mapping[str, object], fields: tuple[str, ...], secret: str) -> bool:
    given = str(message.get("MaXacThuc", "")).lower()
    return bool(secret) and bool(given) and same_digest(check_code(message, fields, secret), given)


def ascii_text(text: str) -> str:
    """ThongTinGiaoDich without diacritics (gateways and banks mangle them)."""
    return fold(text).upper()


def init_message(order: Order, secret: str) -> dict[str, object]:
    message: dict[str, object] = {
        "LoaiBanTin": "INIT",
        "PhienBan": VERSION,
        "MaDoiTac": settings.PAYMENTS_PAYGOV_PARTNER,
        "MaThamChieu": order.reference,
        "SoTien": order.amount_vnd,
        "LoaiHinhThanhToan": "PAY",
        "MaKenhThanhToan": "1",
        "MaThietBi": "1",
        "NgonNgu": "en" if order.locale.startswith("en") else "vi-VN",
        "MaTienTe": "VND",
        "MaNganHang": "PAYMENT",
        "ThongTinGiaoDich": f"THANH TOAN HO SO {order.dossier_code}",
        "ThoiGianGD": vn_time(order.created_at),
        "Ip": order.client_ip,
        "UrlTraVe": order.return_url,
        "ThongTinBienLai": {
            "MaDichVu": "2",
            "MaTTHC": order.procedure_code,
            "TenTTHC": order.procedure_name,
            "MaDonVi": order.agency_code,
            "TenDonVi": order.agency_name,
            "MaHoSo": order.dossier_code,
            "HoTenNguoiNop": order.payer_name,
            "SoCMNDNguoiNop": order.payer_id_number,
            "NoiDungThanhToan": ascii_text(order.description),
            "PhiLePhi": [
                {"LoaiPhiLePhi": LINE_KIND.get(kind, "2"), "MaPhiLePhi": code, "TenPhiLePhi": text, "SoTien": amount}
                for kind, code, text, amount in order.lines
            ],
        },
    }
    message["MaXacThuc"] = check_code(message, INIT_FIELDS, secret)
    return message


def query_message(order: Order, secret: str) -> dict[str, object]:
    message: dict[str, object] = {
        "LoaiBanTin": "QUERY",
        "PhienBan": VERSION,
        "MaDoiTac": settings.PAYMENTS_PAYGOV_PARTNER,
        "MaThamChieu": order.reference,
        "ThoiGianGD": vn_time(order.created_at),
    }
    message["MaXacThuc"] = check_code(message, QUERY_FIELDS, secret)
    return message


def amount_of(value: object) -> int | None:
    try:
        amount = int(str(value))
    except ValueError:
        return None
    return amount if amount >= 0 else None


@gateways.register("paygov")
class PaygovGateway(Gateway):
    id = "paygov"
    label = gettext_lazy("National payment platform (Cổng Dịch vụ công quốc gia)")

    def available(self) -> bool:
        return bool(paygov_secret() and paygov_url())

    def start(self, order: Order) -> Start:
        message = init_message(order, paygov_secret())
        answer = post_json(paygov_url(order.site_url), message, token=settings.PAYMENTS_PAYGOV_TOKEN)
        body = answer.get("message")
        url = body.get("UrlThanhToan", "") if isinstance(body, dict) else ""
        if (
            str(answer.get("error_code")) != "0"
            or not isinstance(url, str)
            or not url.startswith(("http://", "https://"))
        ):
            raise GatewayUnavailable(_("The national payment platform refused to start the payment."))
        return Start(redirect_url=url, sent={k: str(v) for k, v in message.items()}, received=answer)

    def verify(self, params: dict[str, str]) -> Verdict:
        raw: dict[str, object] = dict(params)
        reference = str(params.get("MaThamChieu", ""))[:40]
        if not check_ok(params, CONFIRM_FIELDS, paygov_secret()):
            return Verdict(reference, False, None, refusal=Refusal.SIGNATURE, detail=_("Wrong signature."), raw=raw)
        if str(params.get("MaDoiTac", "")) != settings.PAYMENTS_PAYGOV_PARTNER:
            return Verdict(reference, False, None, signature_ok=True, refusal=Refusal.MERCHANT, raw=raw)
        if str(params.get("MaTienTe", "")) != "VND":
            return Verdict(reference, False, None, signature_ok=True, refusal=Refusal.CURRENCY, raw=raw)
        amount = amount_of(params.get("SoTien", ""))
        if amount is None or not reference:
            return Verdict(reference, False, None, signature_ok=True, refusal=Refusal.MALFORMED, raw=raw)
        return Verdict(
            reference=reference,
            paid=str(params.get("MaLoi", "")) == "0" and str(params.get("TrangThaiGD", "")) == PAID,
            amount_vnd=amount,
            transaction=str(params.get("MaGiaoDich", ""))[:100],
            bank_code=str(params.get("MaNganHang", ""))[:20],
            paid_at=parse_vn_time(str(params.get("ThoiGianGD", ""))),
            response_code=str(params.get("MaLoi", "")),
            signature_ok=True,
            raw=raw,
        )

    def query(self, order: Order) -> Verdict:
        message = query_message(order, paygov_secret())
        answer = post_json(paygov_url(), message, token=settings.PAYMENTS_PAYGOV_TOKEN)
        body = answer.get("message")
        if str(answer.get("error_code")) != "0" or not isinstance(body, dict):
            raw: dict[str, object] = {"request": message, "answer": answer}
            return Verdict(order.reference, False, None, response_code=str(answer.get("error_code", "")), raw=raw)
        verdict = self.verify({k: str(v) for k, v in body.items()})
        return Verdict(**{**verdict.__dict__, "raw": {"request": message, "answer": answer}})

    def refund(self, order: Order, transaction: str, amount_vnd: int, whole: bool) -> RefundResult:
        # The 1.0.6 message set has no refund message: the treasury refunds, and staff record it here.
        return RefundResult(ok=False, detail="refunds through the national platform are made outside it")
