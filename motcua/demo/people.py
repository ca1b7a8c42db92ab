"""Demo accounts. One password for all of them; officials get a TOTP key derived from their user name, so
that the codes survive a re-run of ``make demo`` (print a code with ``manage.py totp_code USER``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from motcua.accounts.constants import UserKind
from motcua.accounts.services import totp_device_ensure, user_upsert
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant

DEMO_PASSWORD = "motcua-demo-2026"


@dataclass(frozen=True)
class DemoOfficial:
    username: str
    full_name: str
    roles: tuple[tuple[str, str, str], ...]  # (agency name fragment or code, role, title)
    staff: bool = False


def demo_officials(commune_pc: Agency, commune_desk: Agency) -> list[DemoOfficial]:
    return [
        DemoOfficial(
            "vanhanh",
            "Nguyễn Thị Vận Hành",
            (("Văn phòng Ủy ban nhân dân Thành phố", Role.CITY_OPERATOR, "Chuyên viên vận hành hệ thống"),),
            staff=True,
        ),
        DemoOfficial(
            "motcua.xa", "Trần Văn Tiếp Nhận", ((commune_desk.code, Role.ONE_STOP_OFFICER, "Công chức một cửa"),)
        ),
        DemoOfficial(
            "chuyenvien.xa", "Lê Thị Chuyên", ((commune_pc.code, Role.SPECIALIST, "Công chức Tư pháp - Hộ tịch"),)
        ),
        DemoOfficial("lanhdao.xa", "Phạm Văn Lãnh", ((commune_pc.code, Role.LEADER, "Phó Chủ tịch UBND"),)),
        DemoOfficial(
            "chuyenvien.stp",
            "Hoàng Minh Pháp",
            (("Sở Tư pháp", Role.SPECIALIST, "Chuyên viên"), ("Sở Tư pháp", Role.AGENCY_ADMIN, "Quản trị")),
        ),
        DemoOfficial("lanhdao.stp", "Vũ Thị Giám Đốc", (("Sở Tư pháp", Role.LEADER, "Giám đốc Sở"),)),
    ]


def totp_key_for(username: str) -> str:
    return hashlib.sha256(f"motcua-demo-totp:{username}".encode()).hexdigest()[:40]


def _agency(ref: str) -> Agency:
    return Agency.objects.filter(code=ref).first() or Agency.objects.get(name=ref)


def load_people(commune_pc: Agency, commune_desk: Agency) -> list[tuple[str, str]]:
    """Create the demo accounts; return (user name, what it is) for printing."""
    printed: list[tuple[str, str]] = []
    for official in demo_officials(commune_pc, commune_desk):
        user = user_upsert(
            username=official.username,
            password=DEMO_PASSWORD,
            kind=UserKind.OFFICIAL,
            full_name=official.full_name,
            is_staff=official.staff,
            is_superuser=official.staff,
        )
        totp_device_ensure(user=user, key_hex=totp_key_for(official.username))
        for ref, role, title in official.roles:
            membership_grant(user_id=user.pk, agency=_agency(ref), role=role, title=title)
        roles = "; ".join(f"{Role(role).label} – {_agency(ref).name}" for ref, role, _ in official.roles)
        printed.append((official.username, roles))
    citizen = user_upsert(
        username="congdan",
        password=DEMO_PASSWORD,
        kind=UserKind.CITIZEN,
        full_name="Nguyễn Văn An",
        email="congdan@example.vn",
        phone="0912345678",
        personal_id="001090012345",
    )
    printed.append((citizen.username, "Công dân / citizen (congdan@example.vn, 0912345678)"))
    return printed
