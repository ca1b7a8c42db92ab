"""Pages and API of payments through HTTP: the citizen's pay page and receipt, the back office's list and
actions, the status API — and "not found" for another citizen or another agency's official."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import Staff
from motcua.payments.constants import Status
from motcua.payments.models import Payment

pytestmark = pytest.mark.django_db


def as_official(client: Client, user: User) -> Client:
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def test_citizen_sees_what_is_due_and_the_ways_to_pay(client: Client, staff: Staff, dossier: Dossier) -> None:
    client.force_login(staff.citizen)
    page = client.get(f"/pay/{dossier.code}/").content.decode()
    assert "70.000 đ" in page and "Lệ phí cấp giấy xác nhận" in page and "Phí thẩm định" in page
    assert 'value="vnpay"' in page and 'value="vietqr"' in page and 'value="paygov"' in page


def test_pay_page_is_not_found_for_anyone_else(client: Client, staff: Staff, dossier: Dossier, other_citizen) -> None:
    assert client.get(f"/pay/{dossier.code}/").status_code == 302  # anonymous: to the login page
    client.force_login(other_citizen)
    assert client.get(f"/pay/{dossier.code}/").status_code == 404
    payment = Payment.objects.get(dossier=dossier)
    assert client.post(f"/pay/{dossier.code}/{payment.pk}/start/", {"gateway": "vnpay", "key": "a"}).status_code == 404
    as_official(client, staff.officer)
    assert client.get(f"/pay/{dossier.code}/").status_code == 404


def test_vnpay_choice_redirects_to_the_signed_gateway_page(client: Client, staff: Staff, dossier: Dossier) -> None:
    client.force_login(staff.citizen)
    payment = Payment.objects.get(dossier=dossier)
    response = client.post(f"/pay/{dossier.code}/{payment.pk}/start/", {"gateway": "vnpay", "key": "abc"})
    assert response.status_code == 302 and "/pay/sandbox/vnpay/?" in response["Location"]
    checkout = client.get(response["Location"])
    assert checkout.status_code == 302 and "/pay/sandbox/checkout/" in checkout["Location"]
    page = client.get(checkout["Location"]).content.decode()
    assert "70.000 đ" in page and dossier.code in page


def test_vietqr_choice_shows_a_qr_code_with_the_dossier_code(client: Client, staff: Staff, dossier: Dossier) -> None:
    client.force_login(staff.citizen)
    payment = Payment.objects.get(dossier=dossier)
    response = client.post(f"/pay/{dossier.code}/{payment.pk}/start/", {"gateway": "vietqr", "key": "q"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page and dossier.code in page


def test_unknown_gateway_is_explained(client: Client, staff: Staff, dossier: Dossier) -> None:
    client.force_login(staff.citizen)
    payment = Payment.objects.get(dossier=dossier)
    response = client.post(f"/pay/{dossier.code}/{payment.pk}/start/", {"gateway": "bitcoin", "key": "q"}, follow=True)
    assert "Chọn một trong các cách thanh toán" in response.content.decode()


def test_back_office_collects_at_the_counter(
    client: Client, staff: Staff, dossier: Dossier, other_cashier, committed
) -> None:
    payment = Payment.objects.get(dossier=dossier)
    as_official(client, staff.officer)
    assert dossier.code in client.get("/backoffice/payments/").content.decode()
    assert client.get(f"/backoffice/payments/{payment.pk}/").status_code == 200
    bad = client.post(f"/backoffice/payments/{payment.pk}/collect/", {"method": "card", "reference": ""})
    assert bad.status_code == 422
    with committed():
        done = client.post(f"/backoffice/payments/{payment.pk}/collect/", {"method": "cash"})
    assert done.status_code == 302
    assert Payment.objects.get(pk=payment.pk).status == Status.PAID
    assert client.get(f"/backoffice/payments/{payment.pk}/receipt/")["Content-Type"] == "application/pdf"
    client.force_login(staff.citizen)
    receipt = client.get(f"/pay/{dossier.code}/{payment.pk}/receipt/")
    assert receipt.status_code == 200 and receipt.getvalue()[:5] == b"%PDF-"
    stranger = as_official(Client(), other_cashier)
    assert stranger.get(f"/backoffice/payments/{payment.pk}/").status_code == 404
    assert (
        stranger.post(f"/backoffice/payments/{payment.pk}/refund/", {"amount": "1", "reason": "x"}).status_code == 404
    )
    assert stranger.get(f"/backoffice/payments/{payment.pk}/receipt/").status_code == 404
    assert dossier.code not in stranger.get("/backoffice/payments/").content.decode()


def test_status_api_for_the_citizen_only(client: Client, staff: Staff, dossier: Dossier, other_citizen) -> None:
    client.force_login(staff.citizen)
    body = client.get(f"/api/v1/payments/dossiers/{dossier.code}").json()
    assert body["payments"][0]["amount_vnd"] == 70_000 and body["payments"][0]["status"] == "pending"
    assert sorted(li["kind"] for li in body["payments"][0]["lines"]) == ["charge", "fee"]
    client.force_login(other_citizen)
    response = client.get(f"/api/v1/payments/dossiers/{dossier.code}")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert Client().get(f"/api/v1/payments/dossiers/{dossier.code}").status_code == 401


def test_back_office_asks_for_a_fee_during_processing(
    client: Client, staff: Staff, dossier: Dossier, other_cashier, committed
) -> None:
    from motcua.dossiers.services import dossier_receive
    from motcua.payments.services import payment_collect

    with committed():
        payment_collect(actor=staff.actor("officer"), payment_id=Payment.objects.get(dossier=dossier).pk, method="cash")
    dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)
    form = {
        "code": dossier.code,
        "kind": "charge",
        "description": "Phí trích lục",
        "amount": "8.000",
        "reason": "Bản sao",
    }
    stranger = as_official(Client(), other_cashier)
    assert stranger.post("/backoffice/payments/request/", form).status_code == 422  # "no such dossier", nothing made
    specialist = as_official(client, staff.specialist)
    assert specialist.get(f"/backoffice/payments/request/?code={dossier.code}").status_code == 200
    assert specialist.post("/backoffice/payments/request/", form | {"amount": "abc"}).status_code == 422
    with committed():
        response = specialist.post("/backoffice/payments/request/", form)
    assert response.status_code == 302
    later = Payment.objects.filter(dossier=dossier).order_by("-id").first()
    assert later is not None and (later.timing, later.amount_vnd) == ("after", 8000)
    assert Dossier.objects.get(pk=dossier.pk).state == "awaiting_payment"
