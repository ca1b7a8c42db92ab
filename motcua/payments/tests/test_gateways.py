"""Gateway messages, checked against independent implementations: HMAC-SHA512 over the sorted query
(VNPay-style), the national platform's SHA-256 MaXacThuc, and the VietQR payload decoded by a TLV parser
written here with the CRC from the standard library (binascii.crc_hqx = CRC-16/CCITT-FALSE with 0xFFFF)."""

from __future__ import annotations

import binascii
import hashlib
import hmac
import string
import urllib.parse

from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.gateways import paygov, vietqr, vnpay

SECRET = "test-secret"
values = st.text(alphabet=string.ascii_letters + string.digits + " -_.:/&=?+%đĐơ", min_size=1, max_size=40)
params_st = st.dictionaries(st.from_regex(r"vnp_[A-Za-z]{1,12}", fullmatch=True), values, min_size=1, max_size=12)


def independent_vnpay_hash(params: dict[str, str], secret: str) -> str:
    pairs = [
        f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(v)}"
        for k, v in sorted(params.items())
        if k not in ("vnp_SecureHash", "vnp_SecureHashType") and v
    ]
    return hmac.new(secret.encode(), "&".join(pairs).encode(), hashlib.sha512).hexdigest()


@given(params_st)
def test_vnpay_signature_round_trip(params: dict[str, str]) -> None:
    signed = {**params, "vnp_SecureHash": vnpay.sign(params, SECRET)}
    assert signed["vnp_SecureHash"] == independent_vnpay_hash(params, SECRET)
    assert vnpay.signature_ok(signed, SECRET)
    assert not vnpay.signature_ok(signed, SECRET + "x")
    key = sorted(params)[0]
    tampered = {**signed, key: signed[key] + "1"}
    assert not vnpay.signature_ok(tampered, SECRET)


def test_vnpay_signature_is_case_insensitive_and_never_empty() -> None:
    params = {"vnp_Amount": "5000000", "vnp_TxnRef": "MC1"}
    assert vnpay.signature_ok({**params, "vnp_SecureHash": vnpay.sign(params, SECRET).upper()}, SECRET)
    assert not vnpay.signature_ok({**params, "vnp_SecureHash": ""}, SECRET)
    assert not vnpay.signature_ok({**params, "vnp_SecureHash": vnpay.sign(params, "")}, "")


@given(st.integers(min_value=0, max_value=10**12))
def test_vnpay_amount_is_vnd_times_100(amount: int) -> None:
    assert vnpay.amount_of(str(amount * 100)) == amount
    assert vnpay.amount_of(str(amount * 100 + 50)) is None


@given(values, st.integers(min_value=1, max_value=10**10))
def test_paygov_check_code_is_sha256_of_pipe_joined_fields_and_secret(reference: str, amount: int) -> None:
    message = {name: f"v{n}" for n, name in enumerate(paygov.INIT_FIELDS)} | {
        "MaThamChieu": reference,
        "SoTien": amount,
    }
    text = "|".join(str(message[name]) for name in paygov.INIT_FIELDS) + "|" + SECRET
    code = paygov.check_code(message, paygov.INIT_FIELDS, SECRET)
    assert code == hashlib.sha256(text.encode()).hexdigest()
    assert paygov.check_ok({**message, "MaXacThuc": code}, paygov.INIT_FIELDS, SECRET)
    assert not paygov.check_ok({**message, "SoTien": amount + 1, "MaXacThuc": code}, paygov.INIT_FIELDS, SECRET)


def parse_tlv(text: str) -> dict[str, str]:
    """An EMVCo TLV parser, written separately from the encoder: 2-digit tag, 2-digit length, value."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(text):
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        fields[tag] = text[i + 4 : i + 4 + length]
        assert len(fields[tag]) == length, "truncated field"
        i += 4 + length
    return fields


def decode_vietqr(payload: str) -> dict[str, str]:
    assert payload[-8:-4] == "6304"
    crc = binascii.crc_hqx(payload[:-4].encode("ascii"), 0xFFFF)
    assert payload[-4:] == f"{crc:04X}", "CRC mismatch"
    top = parse_tlv(payload)
    merchant = parse_tlv(top["38"])
    beneficiary = parse_tlv(merchant["01"])
    return {
        "format": top["00"],
        "method": top["01"],
        "guid": merchant["00"],
        "service": merchant["02"],
        "bin": beneficiary["00"],
        "account": beneficiary["01"],
        "currency": top["53"],
        "amount": top.get("54", ""),
        "country": top["58"],
        "reference": parse_tlv(top["62"])["08"] if "62" in top else "",
    }


references = st.text(alphabet=string.ascii_uppercase + string.digits + ".-", min_size=1, max_size=25)


@given(
    st.from_regex(r"970[0-9]{3}", fullmatch=True),
    st.from_regex(r"[0-9A-Z]{1,19}", fullmatch=True),
    st.integers(min_value=1, max_value=10**12),
    references,
)
def test_vietqr_encode_decode_round_trip(bin_code: str, account: str, amount: int, reference: str) -> None:
    payload = vietqr.payload(bin_code=bin_code, account=account, amount_vnd=amount, reference=reference, name="UBND")
    decoded = decode_vietqr(payload)
    assert decoded == {
        "format": "01",
        "method": "12",
        "guid": "A000000727",
        "service": "QRIBFTTA",
        "bin": bin_code,
        "account": account,
        "currency": "704",
        "amount": str(amount),
        "country": "VN",
        "reference": reference,
    }


def test_vietqr_crc_detects_a_changed_amount() -> None:
    payload = vietqr.payload(
        bin_code="970432", account="0001234567890", amount_vnd=57000, reference="000.00.50.H26-251125-0001"
    )
    tampered = payload.replace("540557000", "540558000")
    assert tampered != payload
    assert binascii.crc_hqx(tampered[:-4].encode(), 0xFFFF) != int(tampered[-4:], 16)


def test_vietqr_reference_is_folded_to_ascii_and_cut_to_25() -> None:
    payload = vietqr.payload(
        bin_code="970432", account="123", amount_vnd=None, reference="Hồ sơ đăng ký tạm trú số 12345"
    )
    decoded = decode_vietqr(payload)
    assert decoded["method"] == "11" and decoded["amount"] == ""
    assert decoded["reference"] == "HO SO DANG KY TAM TRU SO "[:25]


def test_vietqr_svg_is_markup_without_script_or_style() -> None:
    markup = vietqr.svg("000201")
    assert markup.startswith("<svg") and "<script" not in markup and "style=" not in markup
