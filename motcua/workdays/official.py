"""The packaged official schedule: days off and working Saturdays declared for 2025–2026 (no database).

The facts and their sources are in ``data/holidays-vn.json``; each entry cites the notice behind it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from motcua.workdays.constants import DayKind, HolidayCode
from motcua.workdays.rules import Declaration

OFFICIAL_SCHEDULE = Path(__file__).resolve().parent / "data" / "holidays-vn.json"


def official_schedule_entries() -> list[dict[str, Any]]:
    """The entries of ``data/holidays-vn.json``: dates, kind, name, notice, settled holidays, sources."""
    document = json.loads(OFFICIAL_SCHEDULE.read_text("utf-8"))
    entries: list[dict[str, Any]] = document["entries"]
    return entries


def official_declarations() -> tuple[Declaration, ...]:
    """The same entries as declarations, for a calendar built without the database (tests, benchmarks)."""
    return tuple(
        Declaration(
            date_from=dt.date.fromisoformat(e["date_from"]),
            date_to=dt.date.fromisoformat(e["date_to"]),
            kind=DayKind(e["kind"]),
            name=e["name"],
            notice=e["notice"],
            basis=e["basis"],
            settles=frozenset(HolidayCode(code) for code in e["settles"]),
        )
        for e in official_schedule_entries()
    )
