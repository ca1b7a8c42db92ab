"""Gateway callbacks: verified, checked against the order, logged, and idempotent. Every tampering case is
refused and logged; a paid notification delivered twice credits once."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from typing import Any

import pytest
from django.utils import timezone

from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import Staff
from motcua.payments.constants import AttemptStatus, EventKind, Refusal, Status
from motcua.payments.gateways import paygov
from motcua.payments.gateways.config import SANDBOX_PAYGOV_SECRET, SANDBOX_VNPAY_SECRET
from motcua.payments.models import Payment, PaymentAttempt, PaymentEvent
from motcua.payments.services import payment_callback, payment_start
from motcua.payments.tests.test_gateways import independent_vnpay_hash

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def start(staff: Staff, payment: Payment, provider: str = "vnpay", key: str = "k1") -> PaymentAttempt:
    return payment_start(
        actor=staff.actor("citizen"),
        payment_id=payment.pk,
        provider=provider,
        idempotency_key=key,
        return_url="http://testserver/pay/return/vnpay/",
        site_url="http://testserver/",
    )


def ipn(
    attempt: PaymentAttempt, *, code: str = "00", amount: int | None = None, txn: str = "14000001", **extra: Any
) -> dict[str, str]:
    """A notification as the gateway sends it, signed here independently of the code under test."""
    params = {
        "vnp_Amount": str((attempt.amount_vnd if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Thanh toan",
        "vnp_PayDate": timezone.now().astimezone(VN).strftime("%Y%m%d%H%M%S"),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TransactionNo": txn,
        "vnp_TransactionStatus": code if code == "00" else "02",
        "vnp_TxnRef": attempt.reference,
    } | extra
    return params | {"vnp_SecureHash": independent_vnpay_hash(params, SANDBOX_VNPAY_SECRET)}


def refusals(payment: Payment) -> list[str]:
    return list(PaymentEvent.objects.filter(payment=payment, accepted=False).values_list("refusal", flat=True))


def test_start_signs_a_redirect_and_is_idempotent_per_form(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    assert attempt.next_url.startswith("http://testserver/pay/sandbox/vnpay/?")
    assert f"vnp_Amount={payment.amount_vnd * 100}" in attempt.next_url
    assert start(staff, payment).pk == attempt.pk  # the same form sent twice
    assert start(staff, payment, key="k2").pk != attempt.pk


def test_a_paid_notification_credits_once(staff: Staff, dossier: Dossier, payment: Payment, committed) -> None:
    attempt = start(staff, payment)
    message = ipn(attempt)
    with committed():
        first = payment_callback(provider="vnpay", params=message, remote_addr="127.0.0.1")
    second = payment_callback(provider="vnpay", params=message, remote_addr="127.0.0.1")
    assert first.accepted and first.credited
    assert not second.accepted and second.refusal == Refusal.REPLAY
    payment.refresh_from_db()
    assert payment.status == Status.PAID and payment.provider_reference == "14000001" and payment.version == 2
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.CALLBACK, accepted=True).count() == 1
    assert refusals(payment) == [Refusal.REPLAY]
    assert payment.receipt.dossier_id == dossier.pk  # the e-receipt is kept with the dossier
    assert payment.receipt.file.read(5) == b"%PDF-"


def test_another_paid_notification_for_a_settled_order_is_refused(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    assert payment_callback(provider="vnpay", params=ipn(attempt)).credited
    again = payment_callback(provider="vnpay", params=ipn(attempt, txn="14000002"))
    assert again.refusal == Refusal.ALREADY
    assert Payment.objects.get(pk=payment.pk).provider_reference == "14000001"


@pytest.mark.parametrize(
    ("tamper", "refusal"),
    [
        (lambda m: m | {"vnp_Amount": "100"}, Refusal.SIGNATURE),  # changed after signing
        (lambda m: m | {"vnp_SecureHash": "0" * 128}, Refusal.SIGNATURE),
        (lambda m: {k: v for k, v in m.items() if k != "vnp_SecureHash"}, Refusal.SIGNATURE),
    ],
)
def test_tampered_notifications_are_refused_and_logged(staff: Staff, payment: Payment, tamper, refusal) -> None:
    attempt = start(staff, payment)
    outcome = payment_callback(provider="vnpay", params=tamper(ipn(attempt)), remote_addr="203.0.113.9")
    assert not outcome.accepted and outcome.refusal == refusal
    event = PaymentEvent.objects.get(refusal=refusal)
    assert not event.verified and event.remote_addr == "203.0.113.9" and event.raw["vnp_TxnRef"] == attempt.reference
    assert Payment.objects.get(pk=payment.pk).status == Status.PENDING


def test_a_gateway_transaction_is_credited_to_one_order_only(staff: Staff, payment: Payment, committed) -> None:
    from motcua.payments.tests.conftest import file_online

    first = start(staff, payment)
    assert payment_callback(provider="vnpay", params=ipn(first, txn="777")).credited
    with committed():
        second_dossier = file_online(staff)
    other = Payment.objects.get(dossier=second_dossier)
    second = start(staff, other, key="k9")
    assert payment_callback(provider="vnpay", params=ipn(second, txn="777")).refusal == Refusal.REPLAY
    assert Payment.objects.get(pk=other.pk).status == Status.PENDING


def test_a_signed_notification_with_the_wrong_amount_is_refused(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    outcome = payment_callback(provider="vnpay", params=ipn(attempt, amount=1000))
    assert outcome.refusal == Refusal.AMOUNT
    assert refusals(payment) == [Refusal.AMOUNT]
    assert Payment.objects.get(pk=payment.pk).status == Status.PENDING


def test_a_signed_notification_for_an_unknown_order_or_merchant_is_refused(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    assert payment_callback(provider="vnpay", params=ipn(attempt, vnp_TxnRef="MC999")).refusal == Refusal.UNKNOWN_ORDER
    assert payment_callback(provider="vnpay", params=ipn(attempt, vnp_TmnCode="OTHER")).refusal == Refusal.MERCHANT
    assert PaymentEvent.objects.filter(refusal=Refusal.UNKNOWN_ORDER, payment__isnull=True).count() == 1
    assert payment_callback(provider="nosuch", params={}).refusal == Refusal.MALFORMED


def test_a_payment_after_the_order_expired_is_refused(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    outcome = payment_callback(provider="vnpay", params=ipn(attempt))
    assert outcome.refusal == Refusal.EXPIRED
    assert Payment.objects.get(pk=payment.pk).status == Status.PENDING


def test_a_cancelled_payment_fails_and_the_citizen_can_try_again(staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    assert payment_callback(provider="vnpay", params=ipn(attempt, code="24", txn="0")).accepted
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.FAILED
    assert Payment.objects.get(pk=payment.pk).status == Status.FAILED
    retry = start(staff, payment, key="k2")
    assert payment_callback(provider="vnpay", params=ipn(retry)).credited


def test_an_after_processing_fee_moves_the_dossier_on(
    staff: Staff, dossier: Dossier, payment: Payment, committed
) -> None:
    from motcua.dossiers.services import dossier_receive
    from motcua.payments.services import LineIn, payment_collect, payment_request

    with committed():
        payment_collect(actor=staff.actor("officer"), payment_id=payment.pk, method="cash")
        dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)
        later = payment_request(
            actor=staff.actor("specialist"),
            dossier_id=dossier.pk,
            lines=[LineIn(kind="charge", description="Phí trích lục", amount_vnd=8000)],
            reason="Phí trích lục bản sao",
        )
    assert Dossier.objects.get(pk=dossier.pk).state == State.AWAITING_PAYMENT
    assert Payment.objects.filter(dossier=dossier).count() == 2  # the signal found the same obligation
    attempt = start(staff, later, key="k3")
    with committed():
        assert payment_callback(provider="vnpay", params=ipn(attempt)).credited
    assert Dossier.objects.get(pk=dossier.pk).state != State.AWAITING_PAYMENT


def paygov_confirmation(attempt: PaymentAttempt, amount: int | None = None) -> dict[str, str]:
    message = {
        "LoaiBanTin": "CONFIRM",
        "MaLoi": "0",
        "MaDoiTac": "MOTCUA",
        "MaThamChieu": attempt.reference,
        "SoTien": str(attempt.amount_vnd if amount is None else amount),
        "MaTienTe": "VND",
        "MaGiaoDich": "PG123",
        "MaNganHang": "VCB",
        "ThoiGianGD": timezone.now().astimezone(VN).strftime("%Y%m%d%H%M%S"),
        "ThongTinGiaoDich": "THANH TOAN",
        "TrangThaiGD": "1",
    }
    text = "|".join([*(message[k] for k in paygov.CONFIRM_FIELDS), SANDBOX_PAYGOV_SECRET])
    return message | {"MaXacThuc": hashlib.sha256(text.encode()).hexdigest()}


def test_national_platform_confirmation_is_checked(staff: Staff, payment: Payment) -> None:
    payment.refresh_from_db()
    attempt = PaymentAttempt.objects.create(
        payment=payment,
        provider="paygov",
        reference="dvc0001",
        idempotency_key="x",
        amount_vnd=payment.amount_vnd,
        expires_at=timezone.now() + dt.timedelta(minutes=15),
    )
    assert payment_callback(provider="paygov", params=paygov_confirmation(attempt, amount=1)).refusal == Refusal.AMOUNT
    tampered = paygov_confirmation(attempt) | {"TrangThaiGD": "1", "SoTien": "1"}
    assert payment_callback(provider="paygov", params=tampered).refusal == Refusal.SIGNATURE
    assert payment_callback(provider="paygov", params=paygov_confirmation(attempt)).credited


def test_ipn_endpoint_answers_the_gateway_codes(client, staff: Staff, payment: Payment) -> None:
    attempt = start(staff, payment)
    message = ipn(attempt)
    bad = client.get("/api/v1/payments/vnpay/ipn", message | {"vnp_Amount": "1"})
    assert bad.json() == {"RspCode": "97", "Message": "Invalid signature"}
    assert client.get("/api/v1/payments/vnpay/ipn", ipn(attempt, amount=5)).json()["RspCode"] == "04"
    assert client.get("/api/v1/payments/vnpay/ipn", message).json()["RspCode"] == "00"
    assert client.get("/api/v1/payments/vnpay/ipn", message).json()["RspCode"] == "02"
    assert client.get("/api/v1/payments/vnpay/ipn", {"vnp_TxnRef": "x"}).json()["RspCode"] == "97"
    assert PaymentEvent.objects.filter(kind=EventKind.CALLBACK, accepted=True).count() == 1


def test_callbacks_with_a_nul_character_are_refused_and_logged(client, staff: Staff, payment: Payment) -> None:
    """PostgreSQL's JSON refuses U+0000: the event log must still take the message (the API fuzzer found a 500)."""
    attempt = start(staff, payment)
    forged = paygov_confirmation(attempt) | {"SoTien": attempt.amount_vnd, "MaXacThuc": "\x00" + "a" * 63}
    answer = client.post("/api/v1/payments/paygov/confirm", forged, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["error_code"] == "1"
    ipn_answer = client.get("/api/v1/payments/vnpay/ipn", ipn(attempt) | {"vnp_OrderInfo": "a\x00b"})
    assert ipn_answer.json()["RspCode"] == "97"
    logged = PaymentEvent.objects.filter(kind=EventKind.CALLBACK, accepted=False)
    assert logged.count() == 2
    assert all("\x00" not in str(event.raw) for event in logged)
