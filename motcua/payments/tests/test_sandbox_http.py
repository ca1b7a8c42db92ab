"""The sandbox gateway over real HTTP on 127.0.0.1 (a live server): pay request, checkout page, the
server-to-server IPN and national-platform confirmation, refund and querydr, and reconciliation."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import DEPARTMENT, Staff, publish, staff_for
from motcua.payments.constants import AttemptStatus, EventKind, Status
from motcua.payments.models import Payment, PaymentAttempt, PaymentEvent, SandboxTransaction
from motcua.payments.sandbox import bank
from motcua.payments.services import payment_refund, payment_start, payments_reconcile
from motcua.payments.tests.conftest import fee_definition, file_online

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_staff(make_user: Callable[..., User], live_server: LiveServer, settings: Any) -> Staff:
    if not Agency.objects.filter(name=DEPARTMENT).exists():
        from motcua.dossiers.tests.test_concurrency import _reload_reference

        _reload_reference()
    engine_cache_clear()
    publish(fee_definition())
    settings.PUBLIC_URL = live_server.url
    return staff_for(make_user)


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # look at each redirect instead of following it


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _Stay())


def _location(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None) -> str:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    assert url.startswith("http://127.0.0.1") or url.startswith("http://localhost")
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(urllib.request.Request(url, data=body, headers={"Referer": url}), timeout=20)  # noqa: S310
    assert redirect.value.code == 302
    return str(redirect.value.headers["Location"])


def pay_in_sandbox(server_url: str, next_url: str, action: str = "pay") -> str:
    """As a customer at the bank: open the pay page, press the button; returns where the bank sends us."""
    opener = _browser()
    checkout = next_url if "/checkout/" in next_url else server_url + _location(opener, next_url)
    page = opener.open(checkout, timeout=20).read().decode()
    assert "70.000 đ" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return _location(opener, checkout, {"csrfmiddlewaretoken": token.group(1), "action": action})


def _start(staff: Staff, server: LiveServer, provider: str, key: str) -> PaymentAttempt:
    payment = Payment.objects.get(dossier=file_online(staff))
    return payment_start(
        actor=staff.actor("citizen"),
        payment_id=payment.pk,
        provider=provider,
        idempotency_key=key,
        return_url=f"{server.url}/pay/return/{provider}/",
        site_url=server.url,
    )


def test_vnpay_style_payment_refund_and_reconciliation(live_staff: Staff, live_server: LiveServer) -> None:
    attempt = _start(live_staff, live_server, "vnpay", "a")
    assert attempt.next_url.startswith(f"{live_server.url}/pay/sandbox/vnpay/?")
    back = pay_in_sandbox(live_server.url, attempt.next_url)
    assert back.startswith(f"{live_server.url}/pay/return/vnpay/?") and "vnp_ResponseCode=00" in back
    payment = Payment.objects.get(pk=attempt.payment_id)
    assert payment.status == Status.PAID  # by the IPN, server to server, before the citizen is back
    ipn = PaymentEvent.objects.get(payment=payment, kind=EventKind.CALLBACK)
    assert ipn.accepted and ipn.verified and ipn.remote_addr == "127.0.0.1"
    assert payment.receipt.number

    refunded = payment_refund(
        actor=live_staff.actor("officer"), payment_id=payment.pk, amount_vnd=20_000, reason="Thừa"
    )
    assert refunded.status == Status.PARTLY_REFUNDED
    assert SandboxTransaction.objects.get(merchant_reference=attempt.reference).refunded_vnd == 20_000

    lost = _start(live_staff, live_server, "vnpay", "b")  # paid at the bank, but the IPN never came
    record = bank.open_transaction(
        protocol=bank.VNPAY,
        reference=lost.reference,
        amount_vnd=lost.amount_vnd,
        order_info="x",
        return_url="http://x/",
        locale="vn",
    )
    bank.decide(record, pay=True)
    waiting = _start(live_staff, live_server, "vnpay", "c")  # the citizen is still on the bank's page
    report = payments_reconcile()
    assert report.settled == 1 and report.mismatches == [] and report.unreachable == 0
    assert Payment.objects.get(pk=lost.payment_id).status == Status.PAID
    assert PaymentAttempt.objects.get(pk=waiting.pk).status == AttemptStatus.PENDING
    assert Payment.objects.get(pk=payment.pk).reconciliation == "ok"


def test_cancel_at_the_bank_fails_the_attempt(live_staff: Staff, live_server: LiveServer) -> None:
    attempt = _start(live_staff, live_server, "vnpay", "a")
    back = pay_in_sandbox(live_server.url, attempt.next_url, action="cancel")
    assert "vnp_ResponseCode=24" in back
    assert PaymentAttempt.objects.get(pk=attempt.pk).status == AttemptStatus.FAILED


def test_national_platform_init_checkout_and_confirmation(live_staff: Staff, live_server: LiveServer) -> None:
    attempt = _start(live_staff, live_server, "paygov", "a")
    assert attempt.next_url.startswith(f"{live_server.url}/pay/sandbox/checkout/")
    init = PaymentEvent.objects.get(attempt=attempt, kind=EventKind.INIT)
    assert init.raw["sent"]["LoaiBanTin"] == "INIT" and len(init.raw["sent"]["MaXacThuc"]) == 64
    pay_in_sandbox(live_server.url, attempt.next_url)
    assert Payment.objects.get(pk=attempt.payment_id).status == Status.PAID
