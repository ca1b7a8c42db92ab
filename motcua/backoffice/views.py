from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required
from motcua.dossiers.services.reminders import reminders_for


@official_required
def home(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    memberships = list(memberships_of(user_id=request.user.pk))
    roles = {m.role: True for m in memberships}
    context = {"memberships": memberships, "roles": roles, "reminders": reminders_for(user_id=request.user.pk)}
    return render(request, "backoffice/home.html", context)
