from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.agencies.constants import AgencyKind
from motcua.agencies.selectors import agency_list


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def agencies(request: HttpRequest) -> HttpResponse:
    """Public directory of agencies, searchable without diacritics."""
    q = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in AgencyKind.values else ""
    found = agency_list(q=q or None, kind=kind or None)
    return render(
        request,
        "portal/agencies.html",
        {"agencies": found[:50], "count": found.count(), "q": q, "kind": kind, "kinds": AgencyKind.choices},
    )
