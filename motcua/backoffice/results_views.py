"""The results register (sổ theo dõi kết quả) of the official's agencies, a result's PDF, and its correction
or revocation by a leader of the issuing agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.backoffice.access import official_required
from motcua.backoffice.desk_views import actor_of
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.actors import Actor
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import AccessKind, Dossier, ResultEntry, ResultStatus
from motcua.dossiers.services.results import may_manage_results, register_for


def _entry_or_404(actor: Actor, pk: int) -> ResultEntry:
    entry = ResultEntry.objects.select_related("agency", "dossier").filter(pk=pk).first()
    if entry is None or not Dossier.objects.visible_to(actor).filter(pk=entry.dossier_id).exists():
        raise Http404(_("No such result."))
    return entry


@official_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    this_year = timezone.localdate().year
    try:
        year = min(max(int(request.GET.get("year", this_year)), 2000), this_year + 1)
    except ValueError:
        year = this_year
    entries = register_for(actor=actor, year=year)
    # each row names the dossier's owner: a read of each dossier listed, in one INSERT
    svc.dossier_reads_log(
        actor=actor, dossier_ids=[e.dossier_id for e in entries], kind=AccessKind.REGISTER, detail=f"results {year}"
    )
    return render(
        request,
        "backoffice/results/register.html",
        {"entries": entries, "year": year, "years": range(this_year, this_year - 5, -1)},
    )


@official_required
@require_GET
def result_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    entry = _entry_or_404(actor, pk)
    if not entry.pdf:
        raise Http404(_("This result has no electronic copy."))
    svc.dossier_read_log(actor=actor, dossier=entry.dossier, kind=AccessKind.RESULT, detail=str(entry.number))
    response = HttpResponse(bytes(entry.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{entry.dossier.code}-{entry.number}.pdf"'
    return response


@official_required
def result_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct (a new entry replaces this one) or revoke a valid result."""
    actor = actor_of(request)
    entry = _entry_or_404(actor, pk)
    if entry.status != ResultStatus.VALID or not may_manage_results(actor, entry):
        raise Http404(_("No such result."))
    context: dict[str, Any] = {"entry": entry, "values": {}}
    if request.method != "POST":
        return render(request, "backoffice/results/change.html", context)
    what = request.POST.get("what", "")
    reason = request.POST.get("reason", "")[:1000]
    context["values"] = {k: str(v)[:300] for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        if what == "revoke":
            svc.result_revoke(actor=actor, entry_id=entry.pk, reason=reason)
            messages.success(request, _("Result %(label)s is revoked.") % {"label": entry.label})
        elif what == "correct":
            valid_until = _date(request.POST.get("valid_until", ""))
            new = svc.result_correct(
                actor=actor,
                entry_id=entry.pk,
                reason=reason,
                name=request.POST.get("name", ""),
                valid_until=valid_until,
            )
            messages.success(
                request, _("Result %(old)s is replaced by %(new)s.") % {"old": entry.label, "new": new.label}
            )
        else:
            context |= {"error": _("Choose whether to correct or revoke the result."), "error_field": "what"}
            return render(request, "backoffice/results/change.html", context, status=422)
    except DomainError as exc:
        context |= {"error": str(exc.detail), "error_field": getattr(exc, "field", "")}
        return render(request, "backoffice/results/change.html", context, status=exc.status)
    return redirect("backoffice:desk_dossier", code=entry.dossier.code)


def _date(text: str) -> dt.date | None:
    if not text.strip():
        return None
    value = parse_date(text.strip())
    if value is None:
        raise InvalidDossier(_("Enter the date as YYYY-MM-DD."), field="valid_until")
    return value
