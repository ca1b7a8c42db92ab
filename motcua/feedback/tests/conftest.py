"""A citizen's online dossier on the dossier engine's two-level test procedure, for the feedback tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_receive, dossier_submit, dossier_transfer
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff, procedure, staff_for  # noqa: F401


@dataclass
class World:
    staff: Staff
    citizen: User
    other: User

    def submit(self) -> Dossier:
        return dossier_submit(
            actor=actor_for_user(self.citizen),
            agency_id=self.staff.desk.pk,
            procedure_code=CODE,
            channel="online",
            submitter=PERSON,
            components=FORM,
            case_code="c1",
        )

    def receive(self, d: Dossier) -> Dossier:
        return dossier_receive(actor=self.staff.actor("officer"), dossier_id=d.pk)

    def to_result(self, d: Dossier) -> Dossier:
        for who in ("specialist", "dept_specialist"):
            d = dossier_transfer(actor=self.staff.actor(who), dossier_id=d.pk)
        return dossier_approve(actor=self.staff.actor("dept_leader"), dossier_id=d.pk)


@pytest.fixture
def world(make_user, procedure) -> World:  # noqa: F811
    staff = staff_for(make_user)
    return World(staff, make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An"), make_user(UserKind.CITIZEN))
