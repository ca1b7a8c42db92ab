"""Counter collection, waivers and refunds by staff: the cashier roles of the dossier's agencies only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from motcua.core.errors import NotFound
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.tests.conftest import Staff
from motcua.payments.constants import Status
from motcua.payments.exceptions import PaymentError
from motcua.payments.models import Payment, PaymentEvent, Refund
from motcua.payments.services import payment_cancel, payment_collect, payment_refund

pytestmark = pytest.mark.django_db


def test_counter_collection_by_card_needs_the_slip_reference(staff: Staff, payment: Payment, committed) -> None:
    officer = staff.actor("officer")
    with pytest.raises(PaymentError, match="hóa đơn thẻ"):
        payment_collect(actor=officer, payment_id=payment.pk, method="card")
    with pytest.raises(PaymentError):
        payment_collect(actor=officer, payment_id=payment.pk, method="cheque")
    with committed():
        paid = payment_collect(actor=officer, payment_id=payment.pk, method="card", reference="POS-778899")
    assert paid.status == Status.PAID and paid.method == "card" and paid.collected_by_id == staff.officer.pk
    assert paid.receipt.number.startswith("BL")
    with pytest.raises(PaymentError, match="đã được thanh toán"):
        payment_collect(actor=officer, payment_id=payment.pk, method="cash")


def test_strangers_cannot_touch_the_money(staff: Staff, payment: Payment, other_cashier, other_citizen) -> None:
    for actor in (actor_for_user(other_cashier), actor_for_user(other_citizen), staff.actor("citizen")):
        with pytest.raises(NotFound):
            payment_collect(actor=actor, payment_id=payment.pk, method="cash")
        with pytest.raises(NotFound):
            payment_cancel(actor=actor, payment_id=payment.pk, reason="x")
    assert Payment.objects.get(pk=payment.pk).status == Status.PENDING


def test_refund_lifecycle_partial_then_whole(staff: Staff, payment: Payment) -> None:
    officer = staff.actor("officer")
    with pytest.raises(PaymentError, match="đã thanh toán"):
        payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=1000, reason="Nộp thừa")
    payment_collect(actor=officer, payment_id=payment.pk, method="cash")
    with pytest.raises(PaymentError, match="lý do"):
        payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=1000, reason=" ")
    with pytest.raises(PaymentError):
        payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=payment.amount_vnd + 1, reason="Nộp thừa")
    part = payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=20_000, reason="Không cấp bản sao")
    assert part.status == Status.PARTLY_REFUNDED and part.refunded_vnd == 20_000
    rest = payment.amount_vnd - 20_000
    whole = payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=rest, reason="Rút hồ sơ")
    assert whole.status == Status.REFUNDED and whole.refunded_vnd == payment.amount_vnd
    assert list(Refund.objects.filter(payment=payment).values_list("amount_vnd", flat=True)) == [20_000, rest]
    with pytest.raises(PaymentError):
        payment_refund(actor=officer, payment_id=payment.pk, amount_vnd=1, reason="x")


def test_the_database_refuses_refunding_more_than_was_paid(payment: Payment) -> None:
    with pytest.raises(IntegrityError):
        Payment.objects.filter(pk=payment.pk).update(refunded_vnd=payment.amount_vnd + 1)


def test_the_payment_log_is_append_only(payment: Payment) -> None:
    event = PaymentEvent.objects.filter(payment=payment).first()
    assert event is not None
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
