"""What one dossier contributes to the rollups (số liệu tổng hợp), from its row and its audit trail.

Days are local dates (Asia/Ho_Chi_Minh); the rules are those of Biểu 06 (domain guide 1.9):
received on the day of reception; resolved (status 9/10) early, on time or late by comparing the day
processing finished with the appointment day; withdrawn; stopped; and ``active``, +1 the day the dossier
enters national status 2 or 4 and −1 the day it leaves them (a supplement request, a payment request, the end).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from motcua.catalog.constants import Channel
from motcua.dossiers.constants import State
from motcua.feedback.constants import DISLIKE, Satisfaction

#: National status 2 or 4: the dossier is being processed (đang giải quyết).
ACTIVE_STATES = frozenset({State.RECEIVED, State.IN_PROCESS})
RESOLVED_STATES = frozenset({State.RESULT_READY, State.DELIVERED})
PAUSED_STATES = frozenset({State.SUPPLEMENT, State.AWAITING_PAYMENT})


def local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


@dataclass(frozen=True)
class DossierRow:
    """The columns of a dossier the statistics read."""

    id: int
    agency_id: int
    procedure_code: str
    channel: str
    state: str
    received_at: dt.datetime | None
    finished_at: dt.datetime | None
    due_at: dt.datetime | None
    audit_seq: int
    digitised: bool = False
    reused: bool = False
    #: an issued result (kết quả điện tử) is in the citizen's store
    e_result: bool = False
    #: a fee to pay (amount > 0) / paid online
    fee_bearing: bool = False
    paid_online: bool = False
    #: the citizen's rating (1–5, 0 = none) and whether they complained
    rating: int = 0
    complained: bool = False


@dataclass(frozen=True)
class Move:
    """One audit entry, reduced to what the statistics read."""

    at: dt.datetime
    verb: str
    to_state: str


@dataclass
class Fact:
    """The dossier's counters by day (``{day: {measure: n}}``) under its key."""

    dossier_id: int
    audit_seq: int
    agency_id: int
    procedure_code: str
    field_code: str
    due_day: dt.date | None
    days: dict[str, dict[str, int]] = field(default_factory=dict)


def resolution(finished: dt.date, due: dt.date | None) -> str:
    """Trước hạn / đúng hạn / quá hạn: compared by day; no appointment counts as on time."""
    if due is None or finished == due:
        return "resolved_on_time"
    return "resolved_early" if finished < due else "resolved_late"


def fact_of(row: DossierRow, moves: Iterable[Move], field_code: str) -> Fact:
    """The contribution of one dossier, given its audit entries in order."""
    due = local_day(row.due_at) if row.due_at is not None else None
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    active = False
    paused_since: dt.datetime | None = None
    paused = 0.0
    supplements = 0
    for move in moves:
        now = move.to_state in ACTIVE_STATES
        if now != active:
            counts[local_day(move.at).isoformat()]["active"] += 1 if now else -1
            active = now
        if move.verb == "request_supplement":
            counts[local_day(move.at).isoformat()]["supplements"] += 1
            supplements += 1
        if paused_since is not None and move.to_state not in PAUSED_STATES:
            paused += (move.at - paused_since).total_seconds()
            paused_since = None
        elif paused_since is None and move.to_state in PAUSED_STATES:
            paused_since = move.at
    if row.received_at is not None:
        received = counts[local_day(row.received_at).isoformat()]
        received["received_online" if row.channel == Channel.ONLINE else "received_other"] += 1
        received["digitised"] += row.digitised
        received["reused"] += row.reused
        received["digitised_results"] += row.digitised and row.e_result
        received["fee_bearing"] += row.fee_bearing
        received["paid_online"] += row.fee_bearing and row.paid_online
        if row.finished_at is not None:
            ended = counts[local_day(row.finished_at).isoformat()]
            if row.state in RESOLVED_STATES:
                measure = resolution(local_day(row.finished_at), due)
                if measure != "resolved_late" and supplements > 1:
                    ended["late_supplements"] += 1
                spent = (row.finished_at - row.received_at).total_seconds() - paused
                ended["processing_seconds"] += max(0, int(spent))
                ended["e_results"] += row.e_result
                ended["ratings"] += row.rating > 0
                ended["satisfied"] += row.rating >= Satisfaction.SATISFIED
                ended["unhappy"] += row.rating in DISLIKE or row.complained
            elif row.state == State.WITHDRAWN:
                measure = "withdrawn"
            else:
                measure = "stopped"
            ended[measure] += 1
    days = {day: {k: v for k, v in measures.items() if v} for day, measures in counts.items()}
    return Fact(
        dossier_id=row.id,
        audit_seq=row.audit_seq,
        agency_id=row.agency_id,
        procedure_code=row.procedure_code,
        field_code=field_code,
        due_day=due,
        days={day: measures for day, measures in days.items() if measures},
    )


#: How a dossier ends (kết thúc): one of these on its last day, at most once.
ENDINGS = ("resolved_early", "resolved_on_time", "resolved_late", "withdrawn", "stopped")
#: Yes/no measures counted on the day the dossier was received / on the day it ended (see :func:`fact_of`).
RECEIVED_FLAGS = ("reused", "digitised_results", "fee_bearing", "paid_online")
ENDED_FLAGS = ("late_supplements", "e_results", "ratings", "satisfied", "unhappy")


@dataclass(frozen=True)
class Summary:
    """A dossier's contribution in columns a query can filter on (the drill-down's)."""

    received_day: dt.date | None = None
    received_online: bool = False
    ended_day: dt.date | None = None
    ended_as: str = ""
    flags: dict[str, bool] = field(default_factory=dict)
    #: (first day, day after the last) of each stretch being processed at the day's end; None = still
    spans: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


def summary_of(days: dict[str, dict[str, int]]) -> Summary:
    """The summary of a contribution by day (``Fact.days``): the running sum of ``active`` at each day's end
    gives the stretches in progress, the other measures the days they fall on."""
    received: dt.date | None = None
    online = False
    ended: dt.date | None = None
    ended_as = ""
    flags = dict.fromkeys((*RECEIVED_FLAGS, *ENDED_FLAGS), False)
    spans: list[tuple[dt.date, dt.date | None]] = []
    level, start = 0, None
    for iso in sorted(days):
        measures, day = days[iso], dt.date.fromisoformat(iso)
        if measures.get("received_online", 0) > 0 or measures.get("received_other", 0) > 0:
            received, online = day, measures.get("received_online", 0) > 0
        for name in ENDINGS:
            if measures.get(name, 0) > 0:
                ended, ended_as = day, name
        for name in flags:
            flags[name] = flags[name] or measures.get(name, 0) > 0
        level += measures.get("active", 0)
        if level > 0 and start is None:
            start = day
        elif level <= 0 and start is not None:
            spans.append((start, day))
            start = None
    if start is not None:
        spans.append((start, None))
    return Summary(received, online, ended, ended_as, flags, spans)


def summary_columns(summary: Summary) -> dict[str, object]:
    """The ``DossierFact`` columns of a summary (its spans go to ``ActiveSpan``)."""
    return {
        "received_day": summary.received_day,
        "received_online": summary.received_online,
        "ended_day": summary.ended_day,
        "ended_as": summary.ended_as,
        **summary.flags,
    }
