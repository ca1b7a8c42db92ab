"""Fixtures of the payment tests: a procedure with a before-processing fee (a fee line and a charge line),
its staff, and a citizen's online dossier of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.services import membership_grant
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_submit
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import FORM, PERSON, Staff, publish, staff_for, two_level_definition
from motcua.payments.models import Payment

CODE = "9.900101"
FEE, CHARGE = 50_000, 20_000


def fee_definition(code: str = CODE, collected: str = "before") -> dict[str, Any]:
    definition = two_level_definition(code)
    definition["fees"] = [
        {
            "amount_vnd": FEE,
            "description": "Lệ phí cấp giấy xác nhận",
            "kind": "fee",
            "collected": collected,
            "channel": "online",
            "legal_basis": "Thông tư 85/2019/TT-BTC",
        },
        {
            "amount_vnd": 70_000,
            "description": "Lệ phí khi nộp trực tiếp",
            "kind": "fee",
            "collected": collected,
            "channel": "in_person",
        },
        {"amount_vnd": CHARGE, "description": "Phí thẩm định", "kind": "charge", "collected": collected},
        {"amount_vnd": 5_000, "description": "mức theo danh sách (chỉ để tham khảo)"},
        {"amount_vnd": 0, "description": "miễn cho hộ nghèo", "collected": "exempt"},
    ]
    return definition


@pytest.fixture
def fee_procedure(db: None) -> ProcedureVersion:
    engine_cache_clear()
    return publish(fee_definition())


@pytest.fixture
def staff(make_user: Callable[..., User], fee_procedure: ProcedureVersion) -> Staff:
    people = staff_for(make_user)
    return people


@pytest.fixture
def other_citizen(make_user: Callable[..., User]) -> User:
    return make_user(UserKind.CITIZEN, full_name="Trần Thị Bình")


@pytest.fixture
def other_cashier(make_user: Callable[..., User], staff: Staff) -> User:
    """A one-stop officer of another commune: a stranger to our dossiers."""
    user = make_user(UserKind.OFFICIAL, full_name="Cán bộ xã khác")
    membership_grant(user_id=user.pk, agency=staff.other_commune, role="one_stop_officer")
    return user


def file_online(staff: Staff) -> Dossier:
    return dossier_submit(
        actor=staff.actor("citizen"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """``with committed():`` runs what the code under test registered for after commit (signals, tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def dossier(staff: Staff, committed: Callable[[], Any]) -> Dossier:
    with committed():
        return file_online(staff)


@pytest.fixture
def payment(dossier: Dossier) -> Payment:
    return Payment.objects.get(dossier=dossier)
