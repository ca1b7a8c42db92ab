"""Decision 766/QĐ-TTg (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp):
the indicators this platform's own data can compute, from the rollups (số liệu tổng hợp), with their
thresholds and scores (domain guide 4.2: at or above the threshold, full marks; below, rate × points ÷
threshold)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.statistics.selectors import check_period, complete, period_lines, scope_of

EXTRA = (
    "late_supplements",
    "processing_seconds",
    "digitised",
    "reused",
    "e_results",
    "digitised_results",
    "fee_bearing",
    "paid_online",
    "ratings",
    "satisfied",
    "unhappy",
)


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
    #: the drill-down figures (motcua.statistics.drilldown.MEASURES) behind the numerator and the denominator
    numerator_of: str = ""
    denominator_of: str = ""


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
    code: str,
    name: str,
    num: float,
    den: float,
    threshold: float | None,
    points: float | None,
    note: str = "",
    of: tuple[str, str] = ("", ""),
) -> Indicator:
    rate = round(num / den, 4) if den else None
    return Indicator(code, name, num, den, rate, threshold, points, score(rate, threshold, points), note, *of)


def index766(
    *, allowed: set[int], agency_code: str, date_from: dt.date, date_to: dt.date, with_children: bool = True
) -> Index766:
    """The indicators of ``agency_code`` (with the agencies under it) for the period, in the caller's scope."""
    check_period(date_from, date_to)
    agency, ids = scope_of(allowed=allowed, agency_code=agency_code, with_children=with_children)
    line = period_lines(ids=ids, date_from=date_from, date_to=date_to, group=None, extra=EXTRA)[None]
    v = complete(line)
    extra = {name: int(line[name]) for name in EXTRA}
    on_time = v["resolved_early"] + v["resolved_on_time"] - extra["late_supplements"] + v["in_progress_within"]
    handled = v["resolved_total"] + v["in_progress_total"]
    received = v["received_online"] + v["received_other"]
    resolved = v["resolved_total"]
    late = v["resolved_late"] + extra["late_supplements"]
    points_unknown = _("The published description does not split the digitisation group's 22 points.")
    indicators = [
        _indicator(
            "2.1",
            _("On-time rate"),
            on_time,
            handled,
            1.0,
            20,
            _("More than one supplement request counts as late; supplement time extends the appointment."),
            ("on_time", "handled"),
        ),
        _indicator(
            "3.3",
            _("Online submission rate"),
            v["received_online"],
            received,
            0.5,
            12,
            of=("received_online", "received_new"),
        ),
        _indicator(
            "3.6",
            _("Online payment rate"),
            extra["paid_online"],
            extra["fee_bearing"],
            1.0,
            10,
            _("Dossiers received with a fee to pay; paid through a gateway or by VietQR. No threshold is published."),
            ("paid_online", "fee_bearing"),
        ),
        _indicator(
            "4.1",
            _("Electronic result rate"),
            extra["e_results"],
            resolved,
            1.0,
            None,
            points_unknown,
            ("e_results", "resolved_total"),
        ),
        _indicator(
            "4.2",
            _("Digitisation rate"),
            extra["digitised_results"],
            received,
            0.8,
            None,
            _("Dossiers with digitised components and an electronic result.") + " " + points_unknown,
            ("digitised_results", "received_new"),
        ),
        _indicator(
            "4.3",
            _("Reuse of digitised data"),
            extra["reused"],
            received,
            0.8,
            None,
            points_unknown,
            ("reused", "received_new"),
        ),
        _indicator(
            "5.4",
            _("Satisfaction with the handling"),
            max(0, resolved - late - extra["unhappy"]),
            resolved,
            0.9,
            6,
            _("100% minus the late rate and the rate of dossiers rated dissatisfied or complained about."),
            ("", "resolved_total"),
        ),
        _indicator(
            "",
            _("Citizens satisfied"),
            extra["satisfied"],
            extra["ratings"],
            None,
            None,
            _("Share of the ratings given that are satisfied or very satisfied."),
            ("satisfied", "ratings"),
        ),
    ]
    average = round(extra["processing_seconds"] / v["resolved_total"] / 86400, 2) if v["resolved_total"] else None
    return Index766(agency.code, agency.name, len(ids), date_from, date_to, indicators, average)
