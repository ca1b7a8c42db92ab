"""Loading the official unit lists into the database. Idempotent: running it again updates in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from motcua.geo import sources
from motcua.geo.constants import REFORM_DATE, Structure
from motcua.geo.models import Succession, Unit

_REFORM = dt.date.fromisoformat(REFORM_DATE)
_UPDATE_FIELDS = [
    "level",
    "kind",
    "name",
    "short_name",
    "province_code",
    "search_text",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
]


def _upsert(structure: str, records: Iterable[sources.UnitRecord]) -> int:
    records = list(records)
    valid_from, valid_to = (_REFORM, None) if structure == Structure.Y2025 else (None, _REFORM - dt.timedelta(days=1))
    Unit.objects.bulk_create(
        [
            Unit(
                structure=structure,
                code=r.code,
                level=r.level,
                kind=r.kind,
                name=r.name,
                short_name=r.short_name,
                province_code=r.province_code,
                search_text=sources.search_text(r),
                valid_from=valid_from,
                valid_to=valid_to,
                latitude=r.latitude,
                longitude=r.longitude,
            )
            for r in records
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["structure", "code"],
        update_fields=_UPDATE_FIELDS,
    )
    ids = dict(Unit.objects.filter(structure=structure).values_list("code", "id"))
    parent_of = {ids[r.code]: ids[r.parent_code] for r in records if r.parent_code}
    changed = [Unit(id=uid, parent_id=pid) for uid, pid in parent_of.items()]
    Unit.objects.bulk_update(changed, ["parent"], batch_size=2000)
    return len(records)


@transaction.atomic
def units_load(
    *, province: str | None = None, structures: Iterable[str] = (Structure.Y2025, Structure.Y2017)
) -> dict[str, int]:
    """Load both structures (or those named) for one province or, with ``province=None``, the country."""
    counts: dict[str, int] = {}
    structures = set(structures)
    if Structure.Y2025 in structures:
        counts[Structure.Y2025] = _upsert(Structure.Y2025, sources.units_2025(province))
    if Structure.Y2017 in structures:
        counts[Structure.Y2017] = _upsert(Structure.Y2017, sources.units_2017(province))
    if structures == {Structure.Y2025, Structure.Y2017}:
        new = dict(Unit.objects.filter(structure=Structure.Y2025).values_list("code", "id"))
        old = dict(Unit.objects.filter(structure=Structure.Y2017).values_list("code", "id"))
        links = {(old[o], new[n]): main for o, n, main in sources.successions(province) if o in old and n in new}
        Succession.objects.bulk_create(
            [Succession(predecessor_id=o, successor_id=n, is_main=main) for (o, n), main in links.items()],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["predecessor", "successor"],
            update_fields=["is_main"],
        )
        counts["successions"] = len(links)
    return counts
