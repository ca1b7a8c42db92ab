"""Delegations of authority and substitutes during leave (ủy quyền, người thay thế khi nghỉ phép), declared by
the leaders and administrators of an agency for its officials."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.agencies.models import DelegationKind
from motcua.agencies.selectors import delegation_people, delegations_for, memberships_of
from motcua.agencies.services import DECLARERS, DelegationInvalid, delegation_declare, delegation_withdraw
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError


def _agencies(user_id: int) -> list[tuple[int, str]]:
    found = {m.agency_id: m.agency.name for m in memberships_of(user_id=user_id) if m.role in DECLARERS}
    return sorted(found.items(), key=lambda item: item[1])


@official_required
def delegations(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    agencies = _agencies(request.user.pk)
    if not agencies:
        raise Http404(_("You do not lead or administer an agency."))
    data = request.POST if request.method == "POST" else request.GET
    try:
        agency_id = int(data.get("agency", agencies[0][0]))
    except ValueError:
        agency_id = agencies[0][0]
    if agency_id not in dict(agencies):
        agency_id = agencies[0][0]
    context: dict[str, Any] = {
        "agencies": agencies,
        "agency_id": agency_id,
        "people": delegation_people(agency_id=agency_id),
        "kinds": DelegationKind.choices,
        "roles": [(r.value, r.label) for r in Role if r != Role.CITY_OPERATOR],
        "delegations": list(delegations_for(user_id=request.user.pk)[:200]),
        "values": {k: str(v)[:300] for k, v in data.items() if k != "csrfmiddlewaretoken"},
    }
    if request.method != "POST":
        return render(request, "backoffice/delegations/list.html", context)
    try:
        valid_from, valid_to = parse_date(data.get("valid_from", "")), parse_date(data.get("valid_to", ""))
        if valid_from is None or valid_to is None:
            raise DelegationInvalid(_("Enter both dates as YYYY-MM-DD."), field="valid_from")
        delegation_declare(
            by=request.user,
            agency_id=agency_id,
            kind=data.get("kind", ""),
            delegator_id=int(data.get("delegator", "0") or 0),
            delegate_id=int(data.get("delegate", "0") or 0),
            role=data.get("role", "")[:30],
            valid_from=valid_from,
            valid_to=valid_to,
            reason=data.get("reason", "")[:300],
        )
    except ValueError:
        context |= {"error": _("Choose the people from the lists."), "error_field": "delegator"}
        return render(request, "backoffice/delegations/list.html", context, status=422)
    except DomainError as exc:
        context |= {"error": str(exc.detail), "error_field": getattr(exc, "field", "")}
        return render(request, "backoffice/delegations/list.html", context, status=exc.status)
    messages.success(request, _("The delegation is recorded."))
    return redirect("backoffice:desk_delegations")


@official_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)
    try:
        delegation_withdraw(by=request.user, delegation_id=pk)
    except DomainError as exc:
        raise Http404(str(exc.detail)) from exc
    messages.success(request, _("The delegation is withdrawn."))
    return redirect("backoffice:desk_delegations")
