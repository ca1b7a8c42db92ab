"""Obligations follow the procedure: charged lines by channel and timing, phí and lệ phí apart; the
reception gate holds a dossier until its before-processing fee is paid or waived."""

from __future__ import annotations

import pytest

from motcua.catalog.definition import ProcedureDefinition
from motcua.dossiers.exceptions import NotAllowed
from motcua.dossiers.services import dossier_receive, dossier_refuse
from motcua.dossiers.tests.conftest import Staff
from motcua.payments.constants import EventKind, Status, Timing
from motcua.payments.models import Payment, PaymentEvent
from motcua.payments.services import fee_lines, payment_cancel, payment_collect, payments_open_for_dossier
from motcua.payments.tests.conftest import CHARGE, FEE, fee_definition

pytestmark = pytest.mark.django_db


def test_fee_lines_keep_only_lines_collected_on_the_channel() -> None:
    definition = ProcedureDefinition.model_validate(fee_definition())
    online = fee_lines(definition, "online")
    assert [(line.kind, line.amount_vnd) for line in online["before"]] == [("fee", FEE), ("charge", CHARGE)]
    counter = fee_lines(definition, "in_person")
    assert [line.amount_vnd for line in counter["before"]] == [70_000, CHARGE]
    after = fee_lines(ProcedureDefinition.model_validate(fee_definition(collected="after")), "online")
    assert set(after) == {"after"}


def test_filing_creates_one_obligation_with_separate_lines(dossier, payment) -> None:
    assert payment.timing == Timing.BEFORE and payment.status == Status.PENDING
    assert payment.amount_vnd == FEE + CHARGE
    assert sorted(payment.lines.values_list("kind", "amount_vnd")) == [("charge", CHARGE), ("fee", FEE)]
    assert payment.lines.get(kind="fee").legal_basis == "Thông tư 85/2019/TT-BTC"
    payments_open_for_dossier(dossier_id=dossier.pk)  # the signal may come again: still one obligation
    assert Payment.objects.filter(dossier=dossier).count() == 1
    assert PaymentEvent.objects.filter(payment=payment, kind=EventKind.CREATED).count() == 1


def test_reception_gate_blocks_until_paid(staff: Staff, dossier, payment, committed) -> None:
    with pytest.raises(NotAllowed, match="lệ phí"):
        dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)
    with committed():
        payment_collect(actor=staff.actor("officer"), payment_id=payment.pk, method="cash")
    assert Payment.objects.get(pk=payment.pk).receipt.number.startswith("BL")
    received = dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)
    assert received.state != "submitted"


def test_a_waived_fee_opens_the_gate(staff: Staff, dossier, payment) -> None:
    payment_cancel(actor=staff.actor("officer"), payment_id=payment.pk, reason="Hộ nghèo, được miễn")
    assert Payment.objects.get(pk=payment.pk).status == Status.CANCELLED
    dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk)


def test_withdrawn_or_refused_dossier_cancels_its_open_obligation(staff: Staff, dossier, payment, committed) -> None:
    with committed():
        dossier_refuse(actor=staff.actor("officer"), dossier_id=dossier.pk, reason="Không thuộc thẩm quyền")
    assert Payment.objects.get(pk=payment.pk).status == Status.CANCELLED


def test_the_demo_catalogue_has_a_full_process_procedure_with_a_fee_before_processing(staff: Staff, committed) -> None:
    """1.004194 (Đăng ký tạm trú, full-process online) charges 7,000 đ online, 15,000 đ at the counter."""
    from motcua.catalog.selectors import procedure_get, version_definition
    from motcua.catalog.services.demo import catalog_load_demo
    from motcua.dossiers.services import ComponentIn, dossier_submit
    from motcua.dossiers.tests.conftest import PERSON

    catalog_load_demo()
    case = version_definition(procedure_get(code="1.004194")[1]).cases[0]
    components = [ComponentIn(name=c.name) for c in case.components if c.required]
    with committed():
        dossier = dossier_submit(
            actor=staff.actor("citizen"),
            agency_id=staff.desk.pk,
            procedure_code="1.004194",
            channel="online",
            submitter=PERSON,
            case_code=case.code,
            components=components,
        )
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.timing, payment.amount_vnd) == (Timing.BEFORE, 7_000)
    assert list(payment.lines.values_list("kind", "legal_basis")) == [("fee", "Thông tư 75/2022/TT-BTC")]


def test_production_refuses_the_sandbox() -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"MOTCUA_PRODUCTION": "true", "MOTCUA_PAYMENTS_SANDBOX": "true", "MOTCUA_SECRET_KEY": "x" * 50}
    code = "import motcua.settings.base"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "MOTCUA_PAYMENTS_SANDBOX" in done.stderr
    env["MOTCUA_PAYMENTS_SANDBOX"] = "false"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False).returncode == 0
