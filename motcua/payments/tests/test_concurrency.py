"""A paid notification delivered twice at the same moment (two threads, two connections) credits once.
PostgreSQL only: the row locks (select_for_update) are what this proves; SQLite has no row locks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import DEPARTMENT, publish, staff_for
from motcua.payments.constants import EventKind, Refusal, Status
from motcua.payments.models import Payment, PaymentEvent
from motcua.payments.services import Outcome, payment_callback, payment_start
from motcua.payments.tests.conftest import fee_definition, file_online
from motcua.payments.tests.test_callbacks import ipn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("run", range(3))
def test_two_simultaneous_paid_notifications_credit_once(make_user: Callable[..., User], run: int) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    if not Agency.objects.filter(name=DEPARTMENT).exists():
        from motcua.dossiers.tests.test_concurrency import _reload_reference

        _reload_reference()
    engine_cache_clear()
    publish(fee_definition())
    staff = staff_for(make_user)
    payment = Payment.objects.get(dossier=file_online(staff))
    attempt = payment_start(
        actor=staff.actor("citizen"),
        payment_id=payment.pk,
        provider="vnpay",
        idempotency_key="k",
        return_url="http://127.0.0.1/pay/return/vnpay/",
    )
    message = ipn(attempt)
    barrier = threading.Barrier(2)
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait()
            outcomes.append(payment_callback(provider="vnpay", params=dict(message)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(o.credited for o in outcomes) == [False, True]
    assert [o.refusal for o in outcomes if not o.credited] == [Refusal.REPLAY]
    payment.refresh_from_db()
    assert payment.status == Status.PAID and payment.version == 2
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.CALLBACK, accepted=True).count() == 1
