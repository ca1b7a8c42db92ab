"""Public progress — tra cứu hồ sơ (no login): look up a dossier by its code, after a small challenge and
within a per-address rate limit; and the city's live figures. The QR code of every slip points at
``/track/<code>/``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from motcua.core.errors import NotFound
from motcua.notifications.progress import public_progress
from motcua.portal.tracking_challenge import challenge_new, challenge_solved
from motcua.portal.tracking_figures import public_figures

MAX_CODE = 40


def _form(request: HttpRequest, code: str, error: str = "", status: int = 200, **extra: object) -> HttpResponse:
    return render(
        request,
        "portal/tracking/track.html",
        {"code": code, "challenge": challenge_new(), "error": error, **extra},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, code: str = "") -> HttpResponse:
    """GET: the form (the code filled in when it comes from a slip's QR code); POST: the dossier's progress."""
    if request.method == "GET":
        return _form(request, code[:MAX_CODE])
    code = request.POST.get("code", "").strip()[:MAX_CODE]
    if settings.RATELIMIT_ENABLE and is_ratelimited(
        request, group="tracking", key="ip", rate=settings.TRACKING_RATE, increment=True
    ):
        return _form(request, code, _("Too many look-ups from your address: wait a minute and try again."), 429)
    if not code:
        return _form(request, code, _("Enter the dossier code."), 422, field="code")
    if not challenge_solved(request.POST.get("token", ""), request.POST.get("answer", "")):
        return _form(request, code, _("The answer to the question is not right: try the new question."), 422)
    try:
        progress = public_progress(code)
    except NotFound:
        return _form(request, code, _("No dossier has this code. Check it on your receipt and try again."), 404)
    return render(request, "portal/tracking/result.html", {"progress": progress})


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    rows, total = public_figures(year=year)
    return render(request, "portal/tracking/figures.html", {"rows": rows, "total": total, "year": year})
