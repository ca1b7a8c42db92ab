"""The statistics pages of the back office (thống kê): the leaders' dashboard, Biểu 06 on screen and as xlsx,
the Decision 766 indicators, and the dossiers behind any figure — for a leader's agency and those under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.agencies.models import Agency
from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required
from motcua.backoffice.desk_views import actor_of
from motcua.backoffice.statistics_forms import DrillForm, Period, PeriodForm
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.models import AccessKind
from motcua.statistics.dashboard import dashboard, dashboard_agencies
from motcua.statistics.drilldown import dossiers_behind
from motcua.statistics.index766 import index766
from motcua.statistics.policies import READER_ROLES, can_see_dashboard
from motcua.statistics.selectors import Form06, form06, official_scope
from motcua.statistics.summary import dossier_summary
from motcua.statistics.xlsx import form06_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The dashboard's rows: (Biểu 06 column, label).
DASHBOARD_FIGURES = (
    ("received_total", _("Received")),
    ("carried_over", _("of which carried over")),
    ("received_online", _("of which new online")),
    ("resolved_total", _("Resolved")),
    ("resolved_early", _("before the deadline")),
    ("resolved_on_time", _("on time")),
    ("resolved_late", _("late")),
    ("in_progress_total", _("In progress")),
    ("in_progress_overdue", _("of which overdue")),
    ("withdrawn", _("Withdrawn")),
)


@dataclass(frozen=True)
class Reader:
    """A leader or the city operator: the agencies they may read and the ones they may pick."""

    allowed: set[int]
    choices: list[Agency]


def reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Officials with a reader role (leader, city operator) only; the others see "not allowed"."""

    @official_required
    @wraps(view)
    def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        assert request.user.pk is not None
        memberships = list(memberships_of(user_id=request.user.pk))
        if not can_see_dashboard(m.role for m in memberships):
            return render(request, "backoffice/forbidden.html", status=403)
        allowed = official_scope(user_id=request.user.pk)
        own = [m.agency_id for m in memberships if m.role in READER_ROLES]
        choices = dashboard_agencies(allowed=allowed, user_agencies=own)
        if not choices:
            return render(request, "backoffice/forbidden.html", status=403)
        return view(request, Reader(allowed, choices), **kwargs)

    return wrapped


def _period(request: HttpRequest, reader: Reader, form_class: type[PeriodForm] = PeriodForm) -> PeriodForm:
    form = form_class(request.GET, default_agency=reader.choices[0].code, today=timezone.localdate())
    form.is_valid()
    return form


def _not_found(request: HttpRequest, template: str, context: dict[str, Any], error: DomainError) -> HttpResponse:
    return render(request, template, context | {"error": error.detail}, status=error.status)


@reader_required
def leaders_dashboard(request: HttpRequest, reader: Reader) -> HttpResponse:
    code = request.GET.get("agency", "")[:13] or reader.choices[0].code
    template = "backoffice/statistics/dashboard.html"
    try:
        board = dashboard(allowed=reader.allowed, agency_code=code, now=timezone.localtime())
    except DomainError as error:
        return _not_found(request, template, {"choices": reader.choices}, error)
    today = board.periods[0].date_to
    spans = [Period(board.agency.code, p.date_from, today, "field", True) for p in board.periods]
    figures = [
        (label, [(p.values[key], span.drill(key)) for p, span in zip(board.periods, spans, strict=True)])
        for key, label in DASHBOARD_FIGURES
    ]
    weeks = [(w, Period(board.agency.code, w.date_from, w.date_to, "field", True)) for w in board.weeks]
    late_agencies = [
        (c, Period(c.code, today, today, "field", False).drill("in_progress_overdue")) for c in board.late_by_agency
    ]
    late_procedures = [(c, spans[0].drill("in_progress_overdue", procedure=c.code)) for c in board.late_by_procedure]
    return render(
        request,
        template,
        {
            "board": board,
            "choices": reader.choices,
            "period": spans[1],
            "figures": figures,
            "weeks": weeks,
            "late_agencies": late_agencies,
            "late_procedures": late_procedures,
            "chart_weeks": board.chart_weeks(),
            "chart_late": board.chart_late(),
        },
    )


def _form06(reader: Reader, period: Period) -> Form06:
    return form06(
        allowed=reader.allowed,
        agency_code=period.agency,
        date_from=period.date_from,
        date_to=period.date_to,
        with_children=period.children,
        by="procedure" if period.by == "procedure" else "field",
    )


@reader_required
def form06_page(request: HttpRequest, reader: Reader) -> HttpResponse:
    form = _period(request, reader)
    template = "backoffice/statistics/form06.html"
    context: dict[str, Any] = {"form": form, "choices": reader.choices}
    if form.errors:
        return render(request, template, context, status=400)
    period = form.period()
    try:
        report = _form06(reader, period)
    except DomainError as error:
        return _not_found(request, template, context, error)
    group = "procedure" if period.by == "procedure" else "field"
    rows = [(row, [(k, n, period.drill(k, **{group: row.code})) for k, n in row.values.items()]) for row in report.rows]
    total = [(k, n, period.drill(k)) for k, n in report.total.values.items()]
    return render(
        request,
        template,
        context | {"report": report, "period": period, "rows": rows, "total_links": total},
    )


@reader_required
def form06_download(request: HttpRequest, reader: Reader) -> HttpResponse:
    form = _period(request, reader)
    context: dict[str, Any] = {"form": form, "choices": reader.choices}
    if form.errors:
        return render(request, "backoffice/statistics/form06.html", context, status=400)
    try:
        report = _form06(reader, form.period())
    except DomainError as error:
        return _not_found(request, "backoffice/statistics/form06.html", context, error)
    response = HttpResponse(form06_xlsx(report), content_type=XLSX)
    name = f"bieu06_{report.agency_code}_{report.date_from:%Y%m%d}_{report.date_to:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@reader_required
def index766_page(request: HttpRequest, reader: Reader) -> HttpResponse:
    form = _period(request, reader)
    template = "backoffice/statistics/index766.html"
    context: dict[str, Any] = {"form": form, "choices": reader.choices}
    if form.errors:
        return render(request, template, context, status=400)
    period = form.period()
    try:
        result = index766(
            allowed=reader.allowed,
            agency_code=period.agency,
            date_from=period.date_from,
            date_to=period.date_to,
            with_children=period.children,
        )
    except DomainError as error:
        return _not_found(request, template, context, error)
    rows = [
        (
            i,
            period.drill(i.numerator_of) if i.numerator_of else "",
            period.drill(i.denominator_of) if i.denominator_of else "",
        )
        for i in result.indicators
    ]
    return render(request, template, context | {"result": result, "rows": rows, "period": period})


@reader_required
def dossiers_page(request: HttpRequest, reader: Reader) -> HttpResponse:
    form = _period(request, reader, DrillForm)
    template = "backoffice/statistics/dossiers.html"
    if form.errors:
        return render(request, template, {"form": form}, status=400)
    period = form.period()
    try:
        drill = dossiers_behind(
            allowed=reader.allowed,
            agency_code=period.agency,
            date_from=period.date_from,
            date_to=period.date_to,
            measure=form.cleaned_data["measure"],
            field_code=request.GET["field"][:20] if "field" in request.GET else None,
            procedure_code=request.GET["procedure"][:40] if "procedure" in request.GET else None,
            with_children=period.children,
            page=_page_number(request),
        )
    except DomainError as error:
        return _not_found(request, template, {"form": form}, error)
    narrowed = {"field": request.GET.get("field"), "procedure": request.GET.get("procedure")}
    pages = [
        (n, period.drill(drill.measure, page=n, **narrowed))
        for n in (drill.page - 1, drill.page + 1)
        if 1 <= n <= drill.pages
    ]
    return render(request, template, {"drill": drill, "period": period, "form": form, "pages": pages})


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1")[:9])
    except ValueError:
        return 1


@reader_required
@require_GET
def dossier_summary_page(request: HttpRequest, reader: Reader, code: str) -> HttpResponse:
    """A dossier behind a figure, read-only, for a reader whose scope holds its agency (the opening is logged in
    the owner's read log, as the desk's page is); 404 otherwise, logging nothing."""
    try:
        summary = dossier_summary(allowed=reader.allowed, code=code, today=timezone.localdate())
    except DomainError as error:
        raise Http404(str(error.detail)) from error
    svc.dossier_reads_log(actor=actor_of(request), dossier_ids=[summary.dossier_id], kind=AccessKind.SUMMARY)
    return render(request, "backoffice/statistics/dossier.html", {"summary": summary, "p": summary.progress})
