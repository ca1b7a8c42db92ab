""" "Who looked at my data": a citizen sees every access to their own record and can flag one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.selectors import dossier_reads_for_citizen
from motcua.registry.selectors import access_log_for_citizen, person_of
from motcua.registry.services.flags import access_flag

View = Callable[..., HttpResponse]


def _own_id(request: HttpRequest) -> str | None:
    user = request.user
    if getattr(user, "is_official", True):
        return None
    return getattr(user, "personal_id", None) or None


def citizen_required(view: View) -> View:
    """A logged-in citizen whose account carries a personal ID; everyone else is refused."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if _own_id(request) is None:
            return render(request, "portal/privacy/no_record.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


@citizen_required
def accesses(request: HttpRequest) -> HttpResponse:
    personal_id = _own_id(request)
    assert personal_id is not None
    page = Paginator(access_log_for_citizen(personal_id=personal_id), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/privacy/accesses.html",
        {
            "page": page,
            "person": person_of(personal_id=personal_id),
            "flagged": request.GET.get("flagged") == "1",
            "dossier_reads": dossier_reads_for_citizen(user_id=request.user.pk or 0),
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, log_id: int) -> HttpResponse:
    personal_id = _own_id(request)
    assert personal_id is not None
    assert request.user.pk is not None
    entry = access_log_for_citizen(personal_id=personal_id).filter(pk=log_id).first()
    if entry is None:
        return render(request, "portal/privacy/no_record.html", status=404)
    error = ""
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")[:1000]
        try:
            access_flag(user_id=request.user.pk, personal_id=personal_id, log_id=log_id, reason=reason)
        except NotFound:
            return render(request, "portal/privacy/no_record.html", status=404)
        except DomainError as exc:
            error = str(exc.detail)
        else:
            return redirect(reverse("portal:privacy_accesses") + "?flagged=1")
    return render(
        request,
        "portal/privacy/flag.html",
        {"entry": entry, "error": error, "reason": reason},
        status=422 if error else 200,
    )
