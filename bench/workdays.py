"""The legal clock: deadlines per second through the pure function, and through the public API.

Both loops are single-threaded and CPU-bound, so they are timed with the process's CPU time: the figure
then does not depend on what else the (often shared) machine is running.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from bench.common import Figure, django_setup

UNITS = ("working_days", "working_days", "hours", "days")


def _samples(n: int, *, office_hours: bool) -> list[tuple[dt.datetime, int, str]]:
    """Intakes spread over 2025–2027 with typical statutory times (1–30 units)."""
    from motcua.workdays.rules import VIETNAM

    rng = random.Random(2026)
    first = dt.date(2025, 1, 1).toordinal()
    samples: list[tuple[dt.datetime, int, str]] = []
    while len(samples) < n:
        day = dt.date.fromordinal(first + rng.randrange(3 * 365))
        if office_hours and day.weekday() >= 5:
            continue
        minute = rng.randrange(7 * 60, 17 * 60) if office_hours else rng.randrange(24 * 60)
        start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=VIETNAM)
        samples.append((start, rng.randint(1, 30), rng.choice(UNITS)))
    return samples


def _pure(scale: str) -> list[Figure]:
    from motcua.workdays import Calendar, CalendarSpec, deadline
    from motcua.workdays.official import official_declarations

    calendar = Calendar(CalendarSpec(declarations=official_declarations()))
    n = 200_000 if scale == "small" else 2_000_000
    figures = []
    for name, office_hours, what in [
        ("workdays_pure_office_hours", True, "intakes on weekdays 07:00–17:00"),
        ("workdays_pure_any_time", False, "intakes at any minute of any day"),
    ]:
        samples = _samples(n, office_hours=office_hours)
        for start, amount, unit in samples[:5_000]:  # warm: every year's table computed
            deadline(calendar, start, amount, unit)
        started = time.process_time()
        for start, amount, unit in samples:
            deadline(calendar, start, amount, unit)
        rate = n / (time.process_time() - started)
        context = (
            f"{what}, 2025–2027, 1–30 working days / hours / calendar days, official 2025–2026 notices, "
            f"warm calendar, one thread, {n:,} calls, per second of the process's CPU time"
        )
        figures.append(Figure(name, rate, "deadlines/s", context))
    return figures


def _api(scale: str, vendor: str) -> Figure:
    from django.test import Client

    from motcua.workdays.services import workdays_load_official_schedule

    workdays_load_official_schedule()
    client = Client(HTTP_HOST="127.0.0.1")
    n = 1_000 if scale == "small" else 10_000
    samples = _samples(n, office_hours=True)
    client.get("/api/v1/workdays/deadline", {"start": samples[0][0].isoformat(), "amount": "1", "unit": "hours"})
    started = time.process_time()
    for start, amount, unit in samples:
        response = client.get(
            "/api/v1/workdays/deadline", {"start": start.isoformat(), "amount": str(amount), "unit": unit}
        )
        if response.status_code != 200:
            raise RuntimeError(f"workdays API: HTTP {response.status_code}: {response.content[:200]!r}")
    rate = n / (time.process_time() - started)
    context = (
        f"GET /api/v1/workdays/deadline, in-process Django test client (full middleware, no network), "
        f"{n:,} requests, {vendor}, per second of the process's CPU time"
    )
    return Figure("workdays_api_deadline", rate, "requests/s", context)


def run(scale: str) -> list[Figure]:
    vendor = django_setup()  # a migrated throw-away SQLite database, for the API part
    return [*_pure(scale), _api(scale, vendor)]
