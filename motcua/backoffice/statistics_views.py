"""The leaders' dashboard (màn hình điều hành): figures of the leader's agency and the agencies under it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError
from motcua.statistics.dashboard import dashboard, dashboard_agencies
from motcua.statistics.policies import READER_ROLES, can_see_dashboard
from motcua.statistics.selectors import official_scope


@official_required
def leaders_dashboard(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    memberships = list(memberships_of(user_id=request.user.pk))
    if not can_see_dashboard(m.role for m in memberships):
        return render(request, "backoffice/forbidden.html", status=403)
    allowed = official_scope(user_id=request.user.pk)
    own = [m.agency_id for m in memberships if m.role in READER_ROLES]
    choices = dashboard_agencies(allowed=allowed, user_agencies=own)
    if not choices:
        return render(request, "backoffice/forbidden.html", status=403)
    code = request.GET.get("agency", "")[:13] or choices[0].code
    try:
        board = dashboard(allowed=allowed, agency_code=code, now=timezone.localtime())
    except DomainError as error:
        return render(
            request, "backoffice/statistics/dashboard.html", {"error": error.detail, "choices": choices}, status=404
        )
    return render(request, "backoffice/statistics/dashboard.html", {"board": board, "choices": choices})
