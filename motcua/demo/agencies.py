"""Demo agencies for Hà Nội: the city People's Committee, its departments and service centre, and the
People's Committee and one-stop desk of every commune (2025) or of every district and commune (2017).

The electronic identifiers follow the 13-character shape of Decision 20/2020/QĐ-TTg but are *demo codes*:
a deployment enters its real ones. Level 2 = 01–49 for city bodies, 50–51 for communes (2025), and
01–30 for districts with 100+ at level 4 for their communes (2017).
"""

from __future__ import annotations

from django.conf import settings

from motcua.agencies.constants import AgencyKind, AgencyLevel
from motcua.agencies.models import Agency
from motcua.agencies.services import agency_upsert
from motcua.geo.constants import Level
from motcua.geo.models import Unit

DEPARTMENTS = [
    ("01", "Văn phòng Ủy ban nhân dân Thành phố"),
    ("02", "Sở Nội vụ"),
    ("03", "Sở Tư pháp"),
    ("04", "Sở Tài chính"),
    ("05", "Sở Xây dựng"),
    ("06", "Sở Nông nghiệp và Môi trường"),
    ("07", "Sở Công Thương"),
    ("08", "Sở Khoa học và Công nghệ"),
    ("09", "Sở Giáo dục và Đào tạo"),
    ("10", "Sở Y tế"),
    ("11", "Sở Văn hóa và Thể thao"),
    ("12", "Sở Du lịch"),
    ("13", "Sở Quy hoạch - Kiến trúc"),
    ("14", "Sở Dân tộc và Tôn giáo"),
    ("15", "Thanh tra Thành phố"),
]
CITY_ADDRESS = "79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội"


def code(l4: int, l3: int, l2: int) -> str:
    return f"{l4:03d}.{l2:02d}.{l3:02d}.{settings.MOTCUA_AGENCY_CODE_SUFFIX}"


def load_city(province: Unit) -> Agency:
    city = agency_upsert(
        code=code(0, 0, 0),
        name=f"Ủy ban nhân dân {province.name}",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=AgencyLevel.PROVINCE,
        unit=province,
        parent=None,
        address=CITY_ADDRESS,
        phone="024 3825 3536",
    )
    for l3, name in DEPARTMENTS:
        agency_upsert(
            code=code(0, int(l3), 0),
            name=name,
            kind=AgencyKind.DEPARTMENT,
            level=AgencyLevel.PROVINCE,
            unit=province,
            parent=city,
        )
    centre = agency_upsert(
        code=code(0, 90, 0),
        name=f"Trung tâm Phục vụ hành chính công {province.name}",
        kind=AgencyKind.SERVICE_CENTRE,
        level=AgencyLevel.PROVINCE,
        unit=province,
        parent=city,
        address="258 Võ Chí Công, Tây Hồ, Hà Nội",
    )
    for branch in range(1, 4):
        agency_upsert(
            code=code(branch, 90, 0),
            name=f"Chi nhánh số {branch} – Trung tâm Phục vụ hành chính công",
            kind=AgencyKind.ONE_STOP_DESK,
            level=AgencyLevel.PROVINCE,
            unit=province,
            parent=centre,
        )
    return city


def _local(unit: Unit, parent: Agency, pc_code: str, desk_code: str, level: str) -> None:
    pc = agency_upsert(
        code=pc_code,
        name=f"Ủy ban nhân dân {unit.name}",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=level,
        unit=unit,
        parent=parent,
    )
    desk_name = (
        f"Trung tâm Phục vụ hành chính công {unit.name}"
        if level == AgencyLevel.COMMUNE and unit.structure == "2025"
        else f"Bộ phận Tiếp nhận và Trả kết quả {unit.name}"
    )
    agency_upsert(code=desk_code, name=desk_name, kind=AgencyKind.ONE_STOP_DESK, level=level, unit=unit, parent=pc)


def load_2025(province: Unit, city: Agency) -> int:
    communes = list(Unit.objects.filter(parent=province, level=Level.COMMUNE).order_by("code"))
    for i, unit in enumerate(communes, start=1):
        l2, l3 = 50 + i // 100, i % 100
        _local(unit, city, code(0, l3, l2), code(1, l3, l2), AgencyLevel.COMMUNE)
    return len(communes)


def load_2017(province: Unit, city: Agency) -> int:
    districts = list(Unit.objects.filter(parent=province, level=Level.DISTRICT).order_by("code"))
    total = 0
    for j, district in enumerate(districts, start=1):
        _local(district, city, code(0, 0, j), code(1, 0, j), AgencyLevel.DISTRICT)
        dpc = Agency.objects.get(code=code(0, 0, j))
        for k, unit in enumerate(Unit.objects.filter(parent=district).order_by("code"), start=1):
            _local(unit, dpc, code(100 + k, 0, j), code(400 + k, 0, j), AgencyLevel.COMMUNE)
            total += 1
    return total
