"""The city's live figures for the public (received, resolved on time, online share) per agency, this
year, from the statistics rollups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache

from motcua.agencies.models import Agency
from motcua.statistics.models import Rollup
from motcua.statistics.selectors import figures

CACHE_SECONDS = 60


@dataclass(frozen=True)
class AgencyFigures:
    agency: str
    received: int
    online: int
    resolved: int
    on_time: int

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None


def public_figures(*, year: int) -> tuple[list[AgencyFigures], AgencyFigures]:
    """Each agency with dossiers this year (most received first), and the city's total."""
    key = f"tracking-figures:{year}"
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = (
        Rollup.objects.filter(day__gte=start, day__lte=end)
        .values("agency_id")
        .annotate(**{k: v for k, v in figures(start, end).items() if k.startswith(("received", "resolved"))})
        .order_by()
    )
    names = dict(Agency.objects.values_list("id", "name"))
    rows = []
    for line in lines:
        received = int(line["received_online"]) + int(line["received_other"])
        on_time = int(line["resolved_early"]) + int(line["resolved_on_time"])
        resolved = on_time + int(line["resolved_late"])
        if received or resolved:
            rows.append(
                AgencyFigures(
                    names.get(line["agency_id"], "?"), received, int(line["received_online"]), resolved, on_time
                )
            )
    rows.sort(key=lambda r: (-r.received, r.agency))
    total = AgencyFigures(
        "",
        sum(r.received for r in rows),
        sum(r.online for r in rows),
        sum(r.resolved for r in rows),
        sum(r.on_time for r in rows),
    )
    cache.set(key, (rows, total), CACHE_SECONDS)
    return rows, total
