"""The one gate of the back office: an official, logged in, with a verified second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


def official_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(user, "is_official", False):
            return render(request, "backoffice/forbidden.html", status=403)
        is_verified = getattr(user, "is_verified", None)  # set by django_otp's middleware
        if settings.OFFICIAL_TOTP_REQUIRED and not (is_verified and is_verified()):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
