"""Counter intake (tiếp nhận trực tiếp) of a walk-in citizen: choose the procedure, enter the person, tick the
components handed in; the dossier is filed and received at once, and its receipt (Mẫu 01) is printed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from motcua.agencies.constants import Role
from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required
from motcua.backoffice.desk_views import actor_of
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.selectors import procedure_get, procedure_search, version_definition
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services as svc
from motcua.dossiers.services.reception import desks_besides

PERSON_FIELDS = ("name", "id_number", "phone", "email", "address")
LABELS = {
    "name": (_l("Full name"), "text"),
    "id_number": (_l("Personal ID number"), "text"),
    "phone": (_l("Phone"), "tel"),
    "email": (_l("E-mail"), "email"),
    "address": (_l("Address"), "text"),
}


def _definition(code: str) -> ProcedureDefinition | None:
    if not code:
        return None
    try:
        _procedure, version = procedure_get(code=code)
    except NotFound:
        return None
    return version_definition(version)


def _components(definition: ProcedureDefinition | None) -> list[dict[str, Any]]:
    """Every component the procedure lists (all cases), once by name."""
    if definition is None:
        return []
    seen: dict[str, dict[str, Any]] = {}
    for case in definition.cases:
        for c in case.components:
            seen.setdefault(c.name, {"name": c.name, "code": c.code, "required": c.required})
    return list(seen.values())


@official_required
def intake(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    actor = actor_of(request)
    desks = [
        (m.agency_id, m.agency.name)
        for m in memberships_of(user_id=request.user.pk).select_related("agency")
        if m.role == Role.ONE_STOP_OFFICER
    ]
    if not desks:
        return render(request, "backoffice/forbidden.html", status=403)
    data = request.POST if request.method == "POST" else request.GET
    code = data.get("procedure", "")[:40]
    definition = _definition(code)
    context: dict[str, Any] = {
        "desks": desks,
        "procedures": procedure_search(limit=200).items,
        "procedure": code,
        "definition": definition,
        "cases": definition.cases if definition else [],
        "components": _components(definition),
        "values": {k: str(v)[:300] for k, v in data.items() if k != "csrfmiddlewaretoken"},
        "ticked": set(data.getlist("component")),
        "agency": data.get("agency", str(desks[0][0])),
        "forward_to": data.get("forward_to", ""),
    }
    context["other_desks"] = desks_besides(int(context["agency"])) if context["agency"].isdigit() else []
    context["person_fields"] = [
        (f, LABELS[f][0], LABELS[f][1], context["values"].get(f"submitter_{f}", "")) for f in PERSON_FIELDS
    ]
    if request.method != "POST" or definition is None:
        return render(request, "backoffice/desk/intake.html", context)
    try:
        agency_id = int(data.get("agency", ""))
        if agency_id not in {pk for pk, _name in desks}:
            raise ValueError
    except ValueError:
        context |= {"error": _("Choose your desk."), "error_field": "agency"}
        return render(request, "backoffice/desk/intake.html", context, status=422)
    person = svc.PartyIn(**{f: data.get(f"submitter_{f}", "").strip()[:300] for f in PERSON_FIELDS})
    forward_to = int(context["forward_to"]) if context["forward_to"].isdigit() else None
    try:
        with transaction.atomic():  # filed and forwarded together, or not at all
            dossier = svc.dossier_submit(
                actor=actor,
                agency_id=agency_id,
                procedure_code=code,
                channel="in_person",
                submitter=person,
                case_code=data.get("case", "")[:40],
                summary=data.get("summary", "")[:1000],
                components=[svc.ComponentIn(name=name[:500]) for name in data.getlist("component")[:100]],
                receive=forward_to is None,
            )
            if forward_to is not None:  # another commune's procedure (Decree 118/2025): that desk receives it
                svc.dossier_forward(actor=actor, dossier_id=dossier.pk, to_agency_id=forward_to)
    except DomainError as exc:
        context |= {"error": str(exc.detail), "error_field": getattr(exc, "field", "")}
        return render(request, "backoffice/desk/intake.html", context, status=exc.status)
    if forward_to is not None:
        messages.success(
            request,
            _("Dossier %(code)s is forwarded to the competent commune, which will receive it.")
            % {"code": dossier.code},
        )
        return redirect("backoffice:desk_dossier", code=dossier.code)
    messages.success(
        request, _("Dossier %(code)s is received: print the receipt for the citizen.") % {"code": dossier.code}
    )
    return redirect("backoffice:desk_dossier", code=dossier.code)
