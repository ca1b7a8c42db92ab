"""Readers for the two official unit lists, from PyPI packages (no copied data).

- 2025 structure: ``vietnam-provinces`` (Decision 19/2025/QĐ-TTg codes: 34 provinces, 3,321 communes).
- 2017 structure and the merge mapping: ``vietnamadminunits`` (GSO codes of Decision 124/2004 as of
  early 2025: 63 provinces, 696 districts, 10,040 communes, plus centroids and the old→new mapping).
  ``vietnam-provinces`` has the legacy list too, but only in releases that need Python ≥ 3.12.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from motcua.core.search import padded
from motcua.core.text import fold
from motcua.geo.constants import Level


@dataclass(frozen=True)
class UnitRecord:
    code: str
    level: str
    kind: str
    name: str
    short_name: str
    parent_code: str | None
    province_code: str
    latitude: float | None = None
    longitude: float | None = None


_PREFIXES = (
    "thành phố trung ương",
    "thành phố",
    "tỉnh",
    "quận",
    "huyện",
    "thị xã",
    "thị trấn",
    "phường",
    "xã",
    "đặc khu",
)


def short_name(name: str) -> str:
    """'Phường Đống Đa' → 'Đống Đa'; 'Quận 1' stays 'Quận 1' (a bare number needs its prefix)."""
    low = name.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix + " "):
            rest = name[len(prefix) + 1 :]
            return name if rest.isdigit() else rest
    return name


def _province_kind(name: str) -> str:
    return "thành phố trung ương" if name.lower().startswith("thành phố") else "tỉnh"


def _adminunits_db() -> sqlite3.Connection:
    path = resources.files("vietnamadminunits") / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def units_2025(province: str | None = None) -> Iterator[UnitRecord]:
    from vietnam_provinces import Province, Ward

    coords: dict[str, tuple[float, float]] = {}
    with _adminunits_db() as db:
        for code, lat, lon in db.execute("SELECT wardCode, wardLat, wardLon FROM admin_units"):
            coords[code] = (lat, lon)
    for prov in Province.iter_all():
        pcode = f"{int(prov.code):02d}"
        if province and pcode != province:
            continue
        yield UnitRecord(
            pcode, Level.PROVINCE, _province_kind(prov.name), prov.name, short_name(prov.name), None, pcode
        )
        for ward in Ward.iter_by_province(prov.code):
            wcode = f"{int(ward.code):05d}"
            lat, lon = coords.get(wcode, (None, None))
            yield UnitRecord(
                wcode,
                Level.COMMUNE,
                str(ward.division_type.value),
                ward.name,
                short_name(ward.name),
                pcode,
                pcode,
                lat,
                lon,
            )


def units_2017(province: str | None = None) -> Iterator[UnitRecord]:
    seen: set[str] = set()
    query = (
        "SELECT provinceCode, province, provinceLat, provinceLon, districtCode, district, districtType,"
        " districtLat, districtLon, wardCode, ward, wardType, wardLat, wardLon FROM admin_units_legacy"
        " ORDER BY provinceCode, districtCode, wardCode"
    )
    with _adminunits_db() as db:
        for row in db.execute(query):
            pcode, pname, plat, plon, dcode, dname, dkind, dlat, dlon, wcode, wname, wkind, wlat, wlon = row
            if province and pcode != province:
                continue
            if pcode not in seen:
                seen.add(pcode)
                yield UnitRecord(
                    pcode, Level.PROVINCE, _province_kind(pname), pname, short_name(pname), None, pcode, plat, plon
                )
            if dcode not in seen:
                seen.add(dcode)
                yield UnitRecord(
                    dcode, Level.DISTRICT, (dkind or "").lower(), dname, short_name(dname), pcode, pcode, dlat, dlon
                )
            if wcode:  # island districts (Hoàng Sa, Bạch Long Vĩ, …) have no communes
                yield UnitRecord(
                    wcode, Level.COMMUNE, (wkind or "").lower(), wname, short_name(wname), dcode, pcode, wlat, wlon
                )


def successions(province: str | None = None) -> Iterator[tuple[str, str, bool]]:
    """(old commune code, new commune code, is_main) for every pre-2025 commune that went into a new one."""
    # The mapping names units by folded name keys ("phuonghoankiem"). New communes are matched by that key
    # to vietnam-provinces' codes, which are authoritative (vietnamadminunits' own 2025 codes differ for some).
    from vietnam_provinces import Province, Ward

    new_code = {
        (f"{int(prov.code):02d}", _key(ward.name)): f"{int(ward.code):05d}"
        for prov in Province.iter_all()
        for ward in Ward.iter_by_province(prov.code)
    }
    with _adminunits_db() as db:
        new_province = dict(db.execute("SELECT provinceKey, provinceCode FROM admin_units"))
        old_code = {
            f"{p}_{d}_{w}": code
            for p, d, w, code in db.execute(
                "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy"
            )
        }
    mapping = json.loads((resources.files("vietnamadminunits") / "data" / "converter_2025.json").read_text("utf-8"))
    for pkey, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        if province and new_province.get(pkey) != province:
            continue
        for wkey, old_keys in wards.items():
            for old_key in old_keys:
                if (new := new_code.get((new_province.get(pkey, ""), wkey))) and (old := old_code.get(old_key)):
                    yield old, new, True
    for pkey, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        if province and new_province.get(pkey) != province:
            continue
        for old_key, targets in olds.items():
            for target in targets:
                new = new_code.get((new_province.get(pkey, ""), target["newWardKey"]))
                if new and (old := old_code.get(old_key)):
                    yield old, new, bool(target.get("isDefaultNewWard"))


def _key(name: str) -> str:
    return fold(name).replace(" ", "").replace("-", "")


def search_text(record: UnitRecord) -> str:
    return padded(f"{record.name} {record.short_name}")
