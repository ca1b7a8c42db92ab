"""The dossiers behind a figure (hồ sơ chi tiết): which dossiers a cell of Biểu 06 or a Decision 766 indicator
counts, by the same rules as the rollups, so the list's length is the figure. :func:`dossier_cells` and
:func:`counts` state the rule on one dossier's contribution (the reference the tests recount with);
:func:`behind` is the same rule as a query on the stored facts' summary columns, which the pages use."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.statistics.facts import ENDED_FLAGS, ENDINGS, RECEIVED_FLAGS
from motcua.statistics.levels import opened
from motcua.statistics.models import FLOWS, ActiveSpan, DossierFact
from motcua.statistics.selectors import check_period, scope_of

#: Each figure a dossier list can explain, as a sum of per-dossier cells (a dossier is behind it when > 0).
MEASURES: dict[str, Mapping[str, int]] = {
    "received_total": {"carried_over": 1, "received_online": 1, "received_other": 1},
    "carried_over": {"carried_over": 1},
    "received_online": {"received_online": 1},
    "received_other": {"received_other": 1},
    "received_new": {"received_online": 1, "received_other": 1},
    "resolved_total": {"resolved_early": 1, "resolved_on_time": 1, "resolved_late": 1},
    "resolved_early": {"resolved_early": 1},
    "resolved_on_time": {"resolved_on_time": 1},
    "resolved_late": {"resolved_late": 1},
    "in_progress_total": {"in_progress_within": 1, "in_progress_overdue": 1},
    "in_progress_within": {"in_progress_within": 1},
    "in_progress_overdue": {"in_progress_overdue": 1},
    "withdrawn": {"withdrawn": 1},
    "stopped": {"stopped": 1},
    "handled": {
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "in_progress_within": 1,
        "in_progress_overdue": 1,
    },
    "on_time": {"resolved_early": 1, "resolved_on_time": 1, "late_supplements": -1, "in_progress_within": 1},
    "digitised_results": {"digitised_results": 1},
    "reused": {"reused": 1},
    "e_results": {"e_results": 1},
    "fee_bearing": {"fee_bearing": 1},
    "paid_online": {"paid_online": 1},
    "ratings": {"ratings": 1},
    "satisfied": {"satisfied": 1},
    "unhappy": {"unhappy": 1},
}
#: Dossiers listed per page.
PAGE_SIZE = 100
RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")
#: The dossier columns a listed row shows.
COLUMNS = (
    "code",
    "procedure_name",
    "state",
    "received_at",
    "due_at",
    "finished_at",
    "current_agency__name",
    "channel",
)


def measure_label(measure: str) -> str:
    labels: dict[str, str] = {
        "received_total": _("Received"),
        "carried_over": _("Carried over from the previous period"),
        "received_online": _("Received online"),
        "received_other": _("Received at the counter or by post"),
        "received_new": _("Newly received"),
        "resolved_total": _("Resolved"),
        "resolved_early": _("Resolved before the deadline"),
        "resolved_on_time": _("Resolved on time"),
        "resolved_late": _("Resolved late"),
        "in_progress_total": _("In progress"),
        "in_progress_within": _("In progress within the deadline"),
        "in_progress_overdue": _("In progress and overdue"),
        "withdrawn": _("Withdrawn"),
        "stopped": _("Stopped or refused"),
        "handled": _("Resolved or in progress"),
        "on_time": _("On time (Decision 766)"),
        "digitised_results": _("Digitised with an electronic result"),
        "reused": _("Reusing digitised data"),
        "e_results": _("Resolved with an electronic result"),
        "fee_bearing": _("With a fee to pay"),
        "paid_online": _("Paid online"),
        "ratings": _("Rated by the citizen"),
        "satisfied": _("Rated satisfied"),
        "unhappy": _("Rated dissatisfied or complained about"),
    }
    return labels.get(measure, measure)


def dossier_cells(
    days: Mapping[str, Mapping[str, int]], due: dt.date | None, date_from: dt.date, date_to: dt.date
) -> dict[str, int]:
    """One dossier's share of every figure for the period, from its contribution by day."""
    cells: dict[str, int] = defaultdict(int)
    active = 0
    for iso, measures in days.items():
        day = dt.date.fromisoformat(iso)
        if day < date_from:
            cells["carried_over"] += opened(measures)
        elif day <= date_to:
            for m in FLOWS:
                cells[m] += measures.get(m, 0)
        if day <= date_to:
            active += measures.get("active", 0)
    if active > 0:
        cells["in_progress_within" if due is None or due >= date_to else "in_progress_overdue"] += active
    return cells


def counts(cells: Mapping[str, int], measure: str) -> bool:
    return sum(n * cells.get(name, 0) for name, n in MEASURES[measure].items()) > 0


def behind(measure: str, date_from: dt.date, date_to: dt.date) -> Q:
    """The stored facts whose dossier a figure counts, as a filter on their summary columns: the same rule
    as :func:`counts` over :func:`dossier_cells` (the tests hold both to the figures)."""
    received = Q(received_day__gte=date_from, received_day__lte=date_to)
    ended = Q(ended_day__gte=date_from, ended_day__lte=date_to)
    stretches = ActiveSpan.objects.filter(Q(end_day__gt=date_to) | Q(end_day__isnull=True), start_day__lte=date_to)
    active = Q(dossier_id__in=stretches.values("dossier_id"))
    within = active & (Q(due_day__gte=date_to) | Q(due_day__isnull=True))
    resolved = ended & Q(ended_as__in=RESOLVED)
    rules: dict[str, Q] = {
        "carried_over": Q(received_day__lt=date_from) & (Q(ended_day__gte=date_from) | Q(ended_day__isnull=True)),
        "received_online": received & Q(received_online=True),
        "received_other": received & Q(received_online=False),
        "received_new": received,
        "resolved_total": resolved,
        "in_progress_total": active,
        "in_progress_within": within,
        "in_progress_overdue": active & Q(due_day__lt=date_to),
        "handled": resolved | active,
        "on_time": (ended & Q(ended_as__in=RESOLVED[:2], late_supplements=False)) | within,
    }
    rules["received_total"] = rules["carried_over"] | received
    for name in ENDINGS:
        rules[name] = ended & Q(ended_as=name)
    for name in RECEIVED_FLAGS:
        rules[name] = received & Q(**{name: True})
    for name in ENDED_FLAGS:
        rules[name] = ended & Q(**{name: True})
    return rules[measure]


@dataclass(frozen=True)
class DrillDown:
    agency: Agency
    measure: str
    label: str
    date_from: dt.date
    date_to: dt.date
    total: int
    page: int
    pages: int
    dossiers: list[Dossier]


def dossiers_behind(
    *,
    allowed: set[int],
    agency_code: str,
    date_from: dt.date,
    date_to: dt.date,
    measure: str,
    field_code: str | None = None,
    procedure_code: str | None = None,
    with_children: bool = True,
    page: int = 1,
) -> DrillDown:
    """The dossiers a figure of ``agency_code`` (and the agencies under it) counts, in the caller's scope:
    ``total`` all of them, one page of ``PAGE_SIZE`` listed (most recently received first); two queries on
    the stored facts (count, page) and one for the page's dossiers."""
    check_period(date_from, date_to)
    if measure not in MEASURES:
        measure = "received_total"
    agency, ids = scope_of(allowed=allowed, agency_code=agency_code, with_children=with_children)
    facts = DossierFact.objects.filter(behind(measure, date_from, date_to), agency_id__in=ids)
    if field_code is not None:
        facts = facts.filter(field_code=field_code)
    if procedure_code is not None:
        facts = facts.filter(procedure_code=procedure_code)
    total = facts.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    newest = facts.order_by(F("received_day").desc(nulls_last=True), "-dossier_id")
    listed = list(newest.values_list("dossier_id", flat=True)[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    found = Dossier.objects.filter(pk__in=listed).select_related("current_agency").only(*COLUMNS).in_bulk()
    dossiers = [found[pk] for pk in listed if pk in found]
    label = measure_label(measure)
    return DrillDown(agency, measure, label, date_from, date_to, total, page, pages, dossiers)
