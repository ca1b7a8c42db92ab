"""Decision 766/QĐ-TTg (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp):
the indicators this platform's own data can compute, from the rollups (số liệu tổng hợp), with their
thresholds and scores (domain guide 4.2: at or above the threshold, full marks; below, rate × points ÷
threshold)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.statistics.models import Rollup
from motcua.statistics.selectors import check_period, complete, figures, scope_of

EXTRA = ("late_supplements", "processing_seconds", "digitised", "reused")


@dataclass
class Indicator:
    """One indicator: its rate (0–1), threshold, points and score; ``rate`` is None without dossiers."""

    code: str
    name: str
    numerator: float
    denominator: float
    rate: float | None
    threshold: float | None
    points: float | None
    score: float | None
    note: str = ""


@dataclass
class Index766:
    agency_code: str
    agency_name: str
    agencies: int
    date_from: dt.date
    date_to: dt.date
    indicators: list[Indicator]
    average_processing_days: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(rate: float | None, threshold: float | None, points: float | None) -> float | None:
    """Full marks at or above the threshold; below it, rate × points ÷ threshold (rounded to 0.01)."""
    if rate is None or threshold is None or points is None:
        return None
    return round(points if rate >= threshold else rate * points / threshold, 2)


def _indicator(
    code: str, name: str, num: float, den: float, threshold: float | None, points: float | None, note: str = ""
) -> Indicator:
    rate = round(num / den, 4) if den else None
    return Indicator(code, name, num, den, rate, threshold, points, score(rate, threshold, points), note)


def index766(
    *, allowed: set[int], agency_code: str, date_from: dt.date, date_to: dt.date, with_children: bool = True
) -> Index766:
    """The indicators of ``agency_code`` (with the agencies under it) for the period, in the caller's scope."""
    check_period(date_from, date_to)
    agency, ids = scope_of(allowed=allowed, agency_code=agency_code, with_children=with_children)
    line = Rollup.objects.filter(agency_id__in=ids, day__lte=date_to).aggregate(**figures(date_from, date_to, *EXTRA))
    v = complete(line)
    extra = {name: int(line[name]) for name in EXTRA}
    on_time = v["resolved_early"] + v["resolved_on_time"] - extra["late_supplements"] + v["in_progress_within"]
    handled = v["resolved_total"] + v["in_progress_total"]
    received = v["received_online"] + v["received_other"]
    indicators = [
        _indicator(
            "2.1",
            _("On-time rate"),
            on_time,
            handled,
            1.0,
            20,
            _("More than one supplement request counts as late; supplement time extends the appointment."),
        ),
        _indicator("3.3", _("Online submission rate"), v["received_online"], received, 0.5, 12),
        _indicator(
            "4.2",
            _("Dossiers with digitised components"),
            extra["digitised"],
            received,
            0.8,
            None,
            _("Electronic results are not recorded yet."),
        ),
        _indicator("4.3", _("Reuse of digitised data"), extra["reused"], received, 0.8, None),
    ]
    average = round(extra["processing_seconds"] / v["resolved_total"] / 86400, 2) if v["resolved_total"] else None
    return Index766(agency.code, agency.name, len(ids), date_from, date_to, indicators, average)
