"""The one-stop desk and the officers' work (bàn làm việc một cửa): worklists per role and agency, the dossier
page with its timeline and the actions open now, slips, and bulk assignment. Every read goes through the
dossiers' selectors with the official as actor; every write through one dossier service."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import selectors
from motcua.dossiers import services as svc
from motcua.dossiers.actors import Actor, actor_for_user
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.models import AccessKind, Dossier, HandlerKind, ResultReturn
from motcua.dossiers.services.handlers import handlers_of
from motcua.dossiers.services.reception import forward_targets
from motcua.dossiers.services.results import results_of
from motcua.dossiers.slips.render import dossier_slip
from motcua.dossiers.worklists import (
    DONE_CAP,
    WORKLISTS,
    WorklistRow,
    assignees_for,
    colleagues_for,
    dossier_allowed_for,
    worklist_counts,
    worklist_for,
)

PAGE_SIZE = 50
SLIPS = ("receipt", "supplement", "refusal", "apology", "stop", "control")


def actor_of(request: HttpRequest) -> Actor:
    assert isinstance(request.user, User)
    return actor_for_user(request.user)


def dossier_or_404(actor: Actor, code: str) -> Dossier:
    try:
        return selectors.dossier_get_for(actor=actor, code=code)
    except NotFound as exc:
        raise Http404(str(exc.detail)) from exc


def _default_worklist(actor: Actor) -> str:
    return "receive" if any(role == "one_stop_officer" for _a, role in actor.roles) else "process"


def _tabs_context(actor: Actor, current: str, *, counted: bool) -> dict[str, Any]:
    """The worklists' tabs; their counts (a third of the page's work) only when ``counted``: the page shows
    the list first and htmx then fetches the counted tabs (without JavaScript the tabs go uncounted)."""
    counts = worklist_counts(actor=actor) if counted else {}
    return {
        "tabs": [(key, label, _shown(counts.get(key, 0))) for key, label in WORKLISTS.items()],
        "counted": counted,
        "current": current,
    }


def _shown(count: int) -> str:
    """A tab's count; the capped "done" count shows as "1000+" past the cap."""
    return f"{DONE_CAP}+" if count > DONE_CAP else str(count)


@official_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    name = request.GET.get("list") or _default_worklist(actor)
    if name not in WORKLISTS:
        raise Http404(_("No such worklist."))
    if request.GET.get("part") == "tabs":  # the tabs with their counts, fetched by htmx once the list shows
        return render(request, "backoffice/desk/_tabs.html", _tabs_context(actor, name, counted=True))
    q = request.GET.get("q", "")[:100]
    procedure = request.GET.get("procedure", "")[:40]
    try:
        page_number = max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        page_number = 1
    found = worklist_for(
        actor=actor,
        worklist=name,
        q=q,
        procedure=procedure,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    query = {"list": name, "q": q, "procedure": procedure}
    colleagues = colleagues_for(actor=actor) if name in ("process", "due", "overdue") else []
    context: dict[str, Any] = _tabs_context(actor, name, counted=False) | {
        "current_label": WORKLISTS[name],
        "q": q,
        "procedure": procedure,
        "page": found,
        "rows": _rows(found.items, selectable=bool(colleagues) or name == "sign"),
        "done_cap": DONE_CAP,
        "page_number": page_number,
        "next_url": "?" + urlencode(query | {"page": page_number + 1}) if page_number * PAGE_SIZE < found.count else "",
        "previous_url": "?" + urlencode(query | {"page": page_number - 1}) if page_number > 1 else "",
        "colleagues": colleagues,
        "signing": name == "sign",
        "desk_officer": any(role == "one_stop_officer" for _a, role in actor.roles),
    }
    # a search replaces only the results
    template = "backoffice/desk/_results.html" if request.headers.get("HX-Request") else "backoffice/desk/worklist.html"
    return render(request, template, context)


def _rows(rows: list[WorklistRow], *, selectable: bool) -> SafeString:
    """The worklist table's rows as HTML, made here: the template's loop over fifty rows (a variable lookup
    and an escape per cell) was half of the page's rendering. Every value is escaped; the link and the labels
    are made once per page. The standard library's ``html.escape`` is what Django's ``escape`` calls, without
    its check for lazy strings on every value."""
    states = {value: str(label) for value, label in State.choices}
    link = reverse("backoffice:desk_dossier", kwargs={"code": "CODE"})
    head, tail = link.split("CODE")
    zone = timezone.get_current_timezone()
    lines = []
    for row in rows:
        code = html.escape(row.code)
        pick = _PICK.format(code=code) if selectable else ""
        state: str = html.escape(states.get(row.state, row.state))
        if row.assignee_name:
            state += f'<br><span class="govuk-body-s">{html.escape(row.assignee_name)}</span>'
        due = row.due_at.astimezone(zone).strftime("%H:%M %d/%m/%Y") if row.due_at else "–"
        lines.append(
            f'<tr class="govuk-table__row">{pick}'
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{html.escape(head + quote(row.code) + tail)}">{code}</a></td>'
            f'<td class="govuk-table__cell">{html.escape(row.procedure_name)}</td>'
            f'<td class="govuk-table__cell">{html.escape(row.owner_name)}</td>'
            f'<td class="govuk-table__cell">{state}</td>'
            f'<td class="govuk-table__cell">{due}</td></tr>\n'
        )
    return SafeString("".join(lines))


_PICK = (
    '<td class="govuk-table__cell"><div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">'
    '<input class="govuk-checkboxes__input" id="pick-{code}" name="dossier" type="checkbox" value="{code}">'
    '<label class="govuk-label govuk-checkboxes__label" for="pick-{code}"><span class="govuk-visually-hidden">{code}</span></label>'
    "</div></div></td>"
)


def detail_context(actor: Actor, dossier: Dossier) -> dict[str, Any]:
    timeline = selectors.dossier_timeline_for(actor=actor, code=dossier.code)
    verbs, states = dict(Verb.choices), dict(State.choices)
    allowed = dossier_allowed_for(actor=actor, dossier=dossier)
    handlers = handlers_of(dossier)
    return {
        "dossier": dossier,
        "state_label": states.get(dossier.state, dossier.state),
        "timeline": [
            {
                "code": code,
                "at": entry.at,
                "verb": verbs.get(entry.verb, entry.verb),
                "actor": entry.actor_name,
                "state": states.get(entry.to_state, entry.to_state),
                "reason": entry.reason,
                "behalf": (entry.data.get("on_behalf_of") or {}).get("name", ""),
            }
            for code, entry in timeline
        ],
        "co_handlers": [h for h in handlers if h.kind == HandlerKind.CO_HANDLER],
        "observers": [h for h in handlers if h.kind == HandlerKind.OBSERVER],
        "members": assignees_for(dossier=dossier, role=None) if allowed.assign else [],
        "results": results_of(actor=actor, dossier=dossier),
        "result_return": ResultReturn.objects.filter(dossier_id=dossier.pk).first(),
        "forward_targets": forward_targets(dossier=dossier) if allowed.forward else [],
        "sign_move": next((m for m in allowed.moves if m.kind == "sign"), None),
        "leads_issuer": any(role == "leader" for _a, role in actor.roles),
        "components": list(dossier.components.all()),
        "form_data": sorted((str(k), v) for k, v in (dossier.form_data or {}).items()),
        "allowed": allowed,
        "has_receipt": any(entry.verb == Verb.RECEIVE for _code, entry in timeline),
    }


@official_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    dossier = dossier_or_404(actor, code)
    svc.dossier_read_log(actor=actor, dossier=dossier, kind=AccessKind.PAGE)
    return render(request, "backoffice/desk/detail.html", detail_context(actor, dossier))


@official_required
@require_GET
def slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    if kind not in SLIPS:
        raise Http404(_("No such slip."))
    actor = actor_of(request)
    dossier = dossier_or_404(actor, code)
    try:
        issued = dossier_slip(actor=actor, dossier_id=dossier.pk, kind=kind)
    except DomainError as exc:
        raise Http404(str(exc.detail)) from exc
    svc.dossier_read_log(actor=actor, dossier=dossier, kind=AccessKind.SLIP, detail=kind)
    response = HttpResponse(bytes(issued.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}.pdf"'
    return response


@official_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """A leader assigns several dossiers of the worklist to one handler (phân công hàng loạt)."""
    actor = actor_of(request)
    back = reverse("backoffice:desk_worklist") + "?" + urlencode({"list": request.POST.get("list", "process")})
    try:
        assignee = int(request.POST.get("assignee", ""))
    except ValueError:
        messages.error(request, _("Choose the official to assign the dossiers to."))
        return redirect(back)
    codes = request.POST.getlist("dossier")[:PAGE_SIZE]
    if not codes:
        messages.error(request, _("Tick the dossiers to assign."))
        return redirect(back)
    done, failed = 0, []
    for code in codes:
        try:
            dossier = selectors.dossier_get_for(actor=actor, code=code)
            svc.dossier_assign(actor=actor, dossier_id=dossier.pk, assignee_id=assignee)
            done += 1
        except DomainError as exc:
            failed.append(f"{code}: {exc.detail}")
    if done:
        messages.success(request, _("%(count)d dossier(s) assigned.") % {"count": done})
    for problem in failed:
        messages.error(request, problem)
    return redirect(back)
