from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required


@official_required
def home(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    memberships = list(memberships_of(user_id=request.user.pk))
    roles = {m.role: True for m in memberships}
    return render(request, "backoffice/home.html", {"memberships": memberships, "roles": roles})
