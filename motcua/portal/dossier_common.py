"""What the citizen's own pages (my dossiers, wallet, notifications) share: the citizen-only guard, the
caller as an :class:`Actor`, and reading uploaded files under the size limit."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.dossiers.actors import Actor, actor_for_user
from motcua.dossiers.uploads import LimitedUploadHandler, UploadRejected, max_upload_bytes

View = Callable[..., HttpResponseBase]


def citizen_only(view: View) -> View:
    """Logged-in citizens only: anonymous callers go to the login page, anyone else is told "not found"."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "kind", None) != UserKind.CITIZEN:
            return not_found(request)
        return view(request, *args, **kwargs)

    return wrapped


def not_found(request: HttpRequest) -> HttpResponse:
    """The same answer for missing and for someone else's (nothing leaks)."""
    return render(request, "404.html", status=404)


def citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def actor_of(request: HttpRequest) -> Actor:
    return actor_for_user(citizen(request))


def install_upload_limit(request: HttpRequest) -> LimitedUploadHandler:
    """Stop reading the body past the upload limit; call before anything reads ``request.POST``/``FILES``."""
    handler = LimitedUploadHandler(request)
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler


def uploaded(request: HttpRequest, handler: LimitedUploadHandler, name: str) -> list[tuple[str, bytes]]:
    """The files posted under ``name`` as (file name, content); UploadRejected when one was too large."""
    files = request.FILES.getlist(name)
    if handler.too_large:
        raise UploadRejected(
            _("The file is too large: it must be smaller than %(mb)s MB.") % {"mb": max_upload_bytes() // 2**20},
            code="too_large",
        )
    return [(f.name or "document", f.read()) for f in files]
