"""Test helpers shared by the notifications, feedback and portal tests: a citizen's online dossier on the
dossier engine's two-level test procedure, moved by its staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_approve,
    dossier_receive,
    dossier_request_supplement,
    dossier_return,
    dossier_submit,
    dossier_transfer,
)
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff, staff_for


@dataclass
class World:
    staff: Staff
    citizen: User
    other: User

    def submit(self, user: User | None = None) -> Dossier:
        return dossier_submit(
            actor=actor_for_user(user or self.citizen),
            agency_id=self.staff.desk.pk,
            procedure_code=CODE,
            channel="online",
            submitter=PERSON,
            components=FORM,
            case_code="c1",
        )

    def receive(self, d: Dossier) -> Dossier:
        return dossier_receive(actor=self.staff.actor("officer"), dossier_id=d.pk)

    def ask_supplement(self, d: Dossier, items: list[str] | None = None) -> Dossier:
        return dossier_request_supplement(
            actor=self.staff.actor("officer"),
            dossier_id=d.pk,
            reason="Thiếu bản sao giấy khai sinh",
            items=items if items is not None else ["Bản sao giấy khai sinh"],
        )

    def to_result(self, d: Dossier) -> Dossier:
        d = dossier_transfer(actor=self.staff.actor("specialist"), dossier_id=d.pk)
        d = dossier_transfer(actor=self.staff.actor("dept_specialist"), dossier_id=d.pk)
        return dossier_approve(actor=self.staff.actor("dept_leader"), dossier_id=d.pk)

    def deliver(self, d: Dossier) -> Dossier:
        return dossier_return(actor=self.staff.actor("officer"), dossier_id=d.pk)


def world_for(make_user: Callable[..., User]) -> World:
    staff = staff_for(make_user)
    citizen = make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An", email="an@example.vn", phone="0912345678")
    other = make_user(UserKind.CITIZEN, full_name="Trần Thị Bình", email="binh@example.vn")
    return World(staff=staff, citizen=citizen, other=other)
