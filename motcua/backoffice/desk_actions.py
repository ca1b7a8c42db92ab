"""Actions on a dossier from its page: each form posts here, one dossier service is called, and a
:class:`DomainError` is shown on the dossier page (with the version read, a concurrent change is refused)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.access import official_required
from motcua.backoffice.desk_views import actor_of, detail_context, dossier_or_404
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.actors import Actor
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import Dossier

Call = Callable[[Actor, Dossier, dict[str, str], int | None], Dossier]


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidDossier(_("Choose an official."), field=field) from None


def _items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:50]


def _supplement(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    return svc.dossier_request_supplement(
        actor=actor, dossier_id=d.pk, reason=f.get("reason", ""), items=_items(f.get("items", "")), version=v
    )


def _answer(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    components = [svc.ComponentIn(name=name[:500]) for name in _items(f.get("items", ""))]
    return svc.dossier_supplement_answer(
        actor=actor, dossier_id=d.pk, components=components, note=f.get("reason", ""), version=v
    )


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip().isdigit()][:50]


def _days(text: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InvalidDossier(_("Enter the number of working days, e.g. 2 or 0.5."), field="days") from None


def _assign(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    return svc.dossier_assign(
        actor=actor,
        dossier_id=d.pk,
        assignee_id=_int(f.get("assignee", ""), "assignee"),
        co_handlers=_ids(f.get("co_handlers", "")),
        observers=_ids(f.get("observers", "")),
        handler_days=_days(f.get("days", "")),
        version=v,
    )


def _signature(data_url: str) -> bytes:
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        return b""
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except ValueError:
        return b""


def _collect(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    return svc.result_collect(
        actor=actor,
        dossier_id=d.pk,
        collector_name=f.get("collector_name", ""),
        signature_png=_signature(f.get("signature", "")),
        signed_on_paper=f.get("signed_on_paper") == "yes",
    )


def _forward(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    return svc.dossier_forward(
        actor=actor, dossier_id=d.pk, to_agency_id=_int(f.get("to_agency", ""), "to_agency"), version=v
    )


def _move(actor: Actor, d: Dossier, f: dict[str, str], v: int | None) -> Dossier:
    action_id = f.get("action_id") or None
    return svc.dossier_move(actor=actor, dossier_id=d.pk, action_id=action_id, reason=f.get("reason", ""), version=v)


ACTIONS: dict[str, tuple[Call, Any]] = {
    "receive": (
        lambda a, d, f, v: svc.dossier_receive(actor=a, dossier_id=d.pk, version=v),
        _("The dossier is received: print the receipt for the citizen."),
    ),
    "refuse": (
        lambda a, d, f, v: svc.dossier_refuse(actor=a, dossier_id=d.pk, reason=f.get("reason", ""), version=v),
        _("The dossier is refused."),
    ),
    "ask_to_complete": (
        lambda a, d, f, v: svc.dossier_ask_to_complete(
            actor=a, dossier_id=d.pk, reason=f.get("reason", ""), items=_items(f.get("items", "")), version=v
        ),
        _("The citizen is asked to complete the dossier."),
    ),
    "resubmit": (
        lambda a, d, f, v: svc.dossier_resubmit(
            actor=a,
            dossier_id=d.pk,
            components=[svc.ComponentIn(name=n[:500]) for n in _items(f.get("items", ""))],
            note=f.get("reason", ""),
            version=v,
        ),
        _("The completed dossier awaits reception again."),
    ),
    "assign": (_assign, _("The handler is assigned.")),
    "forward": (_forward, _("The dossier is forwarded to the competent commune's desk.")),
    "move": (_move, _("The dossier moved to the next step.")),
    "send_back": (
        lambda a, d, f, v: svc.dossier_send_back(actor=a, dossier_id=d.pk, reason=f.get("reason", ""), version=v),
        _("The dossier was sent back."),
    ),
    "request_supplement": (_supplement, _("The supplement request is recorded.")),
    "answer_supplement": (_answer, _("The supplement is handed in: the clock runs again.")),
    "hand_result": (
        lambda a, d, f, v: svc.result_hand_to_desk(actor=a, dossier_id=d.pk),
        _("The result is handed to the one-stop desk."),
    ),
    "confirm_result": (
        lambda a, d, f, v: svc.result_desk_confirm(actor=a, dossier_id=d.pk),
        _("The desk has the result: the citizen may collect it."),
    ),
    "collect": (_collect, _("The result is returned to the citizen.")),
    "post": (
        lambda a, d, f, v: svc.result_post(
            actor=a, dossier_id=d.pk, address=f.get("address", ""), phone=f.get("phone", "")
        ),
        _("The result is sent by post."),
    ),
}
#: Fields posted as several values (checkboxes), passed on comma-joined.
LIST_FIELDS = ("co_handlers", "observers")


@official_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    actor = actor_of(request)
    dossier = dossier_or_404(actor, code)
    call, done = ACTIONS[action]
    fields = {k: str(v)[: 300_000 if k == "signature" else 2000] for k, v in request.POST.items()}
    fields |= {name: ",".join(request.POST.getlist(name)[:50]) for name in LIST_FIELDS}
    try:
        version = int(fields["version"]) if fields.get("version") else None
    except ValueError:
        version = None
    try:
        call(actor, dossier, fields, version)
    except DomainError as exc:
        context = detail_context(actor, dossier_or_404(actor, code))
        context |= {"error": str(exc.detail), "error_action": action, "error_field": getattr(exc, "field", "")}
        return render(request, "backoffice/desk/detail.html", context, status=exc.status)
    messages.success(request, str(done))
    return redirect("backoffice:desk_dossier", code=code)
