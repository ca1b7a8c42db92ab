"""Fixtures of the dossier tests: a small two-level procedure (commune → Sở Tư pháp → commune) and its staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services.versions import procedure_draft_save, procedure_version_publish
from motcua.dossiers.actors import Actor, actor_for_user
from motcua.dossiers.services import ComponentIn, PartyIn
from motcua.dossiers.services.engine import engine_cache_clear

CODE = "9.900001"
DEPARTMENT = "Sở Tư pháp"
PERSON = PartyIn(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678", address="Phường Hoàn Kiếm")
FORM = [ComponentIn(name="Tờ khai", quantity=1), ComponentIn(name="Bản sao giấy khai sinh", copy_kind="certified")]


def _step(
    sid: str, name: str, agency: dict[str, str] | None, role: str | None, hours: float, status: int, **extra: Any
) -> dict[str, Any]:
    return {
        "id": sid,
        "name": name,
        "agency": agency,
        "role": role,
        "budget": {"amount": hours, "unit": "hours"},
        "status": status,
        **extra,
    }


def _action(aid: str, kind: str, source: str, target: str, actors: list[str]) -> dict[str, Any]:
    return {"id": aid, "kind": kind, "source": source, "target": target, "actors": actors}


def two_level_definition(code: str = CODE, days: float = 5) -> dict[str, Any]:
    desk = {"kind": "one_stop_desk", "level": "commune", "name": ""}
    commune = {"kind": "peoples_committee", "level": "commune", "name": ""}
    dept = {"kind": "department", "level": "province", "name": DEPARTMENT}
    return {
        "code": code,
        "name": "Thủ tục thử nghiệm liên cấp",
        "levels": ["commune", "province"],
        "agencies": [commune, dept],
        "channels": ["in_person", "online"],
        "times": [{"amount": days, "unit": "working_days"}],
        "cases": [
            {
                "code": "c1",
                "name": "Thông thường",
                "components": [{"name": "Tờ khai"}, {"name": "Giấy tờ khác", "required": False}],
            }
        ],
        "results": [{"name": "Giấy xác nhận"}],
        "processes": [
            {
                "start": "receive",
                "steps": [
                    _step("receive", "Tiếp nhận", desk, "one_stop_officer", 4, 2),
                    _step("handle", "Xử lý tại xã", commune, "specialist", 8, 4),
                    _step("appraise", "Thẩm định tại Sở", dept, "specialist", 12, 4),
                    _step("sign", "Lãnh đạo Sở ký", dept, "leader", 8, 4),
                    _step("deliver", "Trả kết quả", desk, "one_stop_officer", 4, 9),
                    _step("done", "Đã trả", desk, None, 0, 10, final=True),
                    _step("refused", "Không tiếp nhận", desk, None, 0, 3, final=True),
                ],
                "actions": [
                    _action("accept", "accept", "receive", "handle", ["one_stop_officer"]),
                    _action("refuse", "refuse", "receive", "refused", ["one_stop_officer"]),
                    _action("forward", "transfer", "handle", "appraise", ["specialist"]),
                    _action("submit", "transfer", "appraise", "sign", ["specialist"]),
                    _action("back_to_commune", "send_back", "appraise", "handle", ["specialist"]),
                    _action("supplement", "request_supplement", "handle", "receive", ["specialist"]),
                    _action("send_back", "send_back", "sign", "appraise", ["leader"]),
                    _action("approve", "sign", "sign", "deliver", ["leader"]),
                    _action("return", "return_result", "deliver", "done", ["one_stop_officer"]),
                ],
            }
        ],
    }


def publish(definition: dict[str, Any]) -> ProcedureVersion:
    draft = procedure_draft_save(actor_id=None, definition=definition)
    return procedure_version_publish(actor_id=None, version_id=draft.pk)


@pytest.fixture
def procedure(db: None) -> ProcedureVersion:
    engine_cache_clear()
    return publish(two_level_definition())


@dataclass
class Staff:
    desk: Agency
    commune: Agency
    dept: Agency
    other_commune: Agency
    officer: User
    specialist: User
    colleague: User
    commune_leader: User
    dept_specialist: User
    dept_leader: User
    admin: User
    stranger: User
    citizen: User

    def actor(self, name: str) -> Actor:
        return actor_for_user(getattr(self, name))


def staff_for(make_user: Callable[..., User]) -> Staff:
    def agency(kind: str, unit: str = "00070") -> Agency:
        return Agency.objects.get(unit__structure="2025", unit__code=unit, kind=kind)

    desk, commune = agency("one_stop_desk"), agency("peoples_committee")
    dept = Agency.objects.get(name=DEPARTMENT)
    other = (
        Agency.objects.filter(unit__structure="2025", kind="peoples_committee", level="commune")
        .exclude(pk=commune.pk)
        .first()
    )
    assert other is not None

    def official(where: Agency, role: str) -> User:
        user = make_user(UserKind.OFFICIAL, full_name=f"{role} {where.code}")
        membership_grant(user_id=user.pk, agency=where, role=role)
        return user

    return Staff(
        desk=desk,
        commune=commune,
        dept=dept,
        other_commune=other,
        officer=official(desk, "one_stop_officer"),
        specialist=official(commune, "specialist"),
        colleague=official(commune, "specialist"),
        commune_leader=official(commune, "leader"),
        dept_specialist=official(dept, "specialist"),
        dept_leader=official(dept, "leader"),
        admin=official(commune, "agency_admin"),
        stranger=official(other, "specialist"),
        citizen=make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An"),
    )


@pytest.fixture
def staff(make_user: Callable[..., User], procedure: ProcedureVersion) -> Staff:
    return staff_for(make_user)
