"""VietQR (NAPAS, EMVCo merchant-presented QR; domain guide 9.2): a dynamic payload with the amount and the
dossier code as the transfer reference, for payment from any bank app. A transfer is settled by an officer
who sees it on the account (or by a bank statement feed), matched by that reference."""

from __future__ import annotations

import segno
from django.conf import settings
from django.utils.translation import gettext_lazy

from motcua.core.text import fold
from motcua.payments.gateways import Gateway, Order, RefundResult, Start, Verdict, gateways
from motcua.payments.gateways.config import vietqr_account

GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
REFERENCE_MAX = 25


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_upper(text: str, limit: int) -> str:
    """Upper-case ASCII without diacritics (bank apps show and match only that)."""
    return "".join(ch for ch in fold(text).upper() if 32 <= ord(ch) < 127)[:limit]


def payload(
    *, bin_code: str, account: str, amount_vnd: int | None, reference: str, name: str = "", city: str = ""
) -> str:
    """The EMVCo payload: dynamic (12) with an amount, static (11) without; CRC over everything up to ``6304``."""
    if not (bin_code.isdigit() and len(bin_code) == 6):
        raise ValueError("the bank BIN has six digits")
    if not account or len(account) > 19 or not account.isalnum():
        raise ValueError("the account number has 1 to 19 letters or digits")
    beneficiary = tlv("00", bin_code) + tlv("01", account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", TO_ACCOUNT)
    parts = [tlv("00", "01"), tlv("01", "12" if amount_vnd else "11"), tlv("38", merchant), tlv("53", "704")]
    if amount_vnd:
        parts.append(tlv("54", str(amount_vnd)))
    parts.append(tlv("58", "VN"))
    if name:
        parts.append(tlv("59", ascii_upper(name, 25)))
    if city:
        parts.append(tlv("60", ascii_upper(city, 15)))
    if reference:
        parts.append(tlv("62", tlv("08", ascii_upper(reference, REFERENCE_MAX))))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def svg(data: str) -> str:
    """The QR code as inline-safe SVG markup (no script, no style attribute)."""
    qr = segno.make(data, error="m")
    return str(qr.svg_inline(scale=5, border=4, light="#fff", title="VietQR"))


@gateways.register("vietqr")
class VietQrGateway(Gateway):
    id = "vietqr"
    label = gettext_lazy("Bank transfer with a VietQR code")
    calls_back = False

    def available(self) -> bool:
        return bool(vietqr_account())

    def start(self, order: Order) -> Start:
        data = payload(
            bin_code=settings.PAYMENTS_VIETQR_BIN,
            account=vietqr_account(),
            amount_vnd=order.amount_vnd,
            reference=order.dossier_code,
            name=settings.PAYMENTS_VIETQR_NAME,
            city="HA NOI",
        )
        return Start(qr_payload=data, sent={"payload": data})

    def verify(self, params: dict[str, str]) -> Verdict:
        raise NotImplementedError("VietQR transfers do not call back")

    def query(self, order: Order) -> Verdict:
        return Verdict(order.reference, False, None, detail="VietQR transfers are settled from the bank statement")

    def refund(self, order: Order, transaction: str, amount_vnd: int, whole: bool) -> RefundResult:
        return RefundResult(ok=False, detail="a transfer is refunded by a transfer back, recorded by staff")
