from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_ratelimit.core import is_ratelimited

from motcua.accounts.forms import LoginForm
from motcua.accounts.models import User
from motcua.accounts.services import totp_verify


def _next_url(request: HttpRequest, user: User) -> str:
    given = request.POST.get("next") or request.GET.get("next", "")
    if given and url_has_allowed_host_and_scheme(
        given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return given
    return reverse("backoffice:home") if user.is_official else reverse("portal:home")


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if settings.RATELIMIT_ENABLE and is_ratelimited(
            request, group="login", key="ip", rate=settings.RATELIMIT_LOGIN, increment=True
        ):
            form.add_error(None, _("Too many attempts from your address. Wait a minute and try again."))
            return render(request, "accounts/login.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            user = auth.authenticate(request, username=data["username"], password=data["password"])
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request, {})
            if user is None:
                form.add_error(None, _("The user name or password is wrong."))
                status = 401
            elif user.is_official and settings.OFFICIAL_TOTP_REQUIRED:
                device = totp_verify(user=user, token=data["otp_token"] or "")
                if device is None:
                    # A wrong second factor counts as a failed login, so it feeds the lockout too.
                    user_login_failed.send(sender=__name__, credentials={"username": data["username"]}, request=request)
                    form.add_error("otp_token", _("Officials must enter a valid authentication code."))
                    status = 401
                else:
                    auth.login(request, user, backend="motcua.accounts.backends.LoginBackend")
                    otp_login(request, device)
                    return HttpResponseRedirect(_next_url(request, user))
            else:
                auth.login(request, user, backend="motcua.accounts.backends.LoginBackend")
                return HttpResponseRedirect(_next_url(request, user))
        else:
            status = 422
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return HttpResponseRedirect(reverse("portal:home"))


def lockout_response(request: HttpRequest, credentials: dict[str, Any], *args: Any, **kwargs: Any) -> HttpResponse:
    alert = _("This account is locked after too many failed logins. Try again later or ask your administrator.")
    return render(request, "accounts/login.html", {"form": LoginForm(), "locked": True, "alert": alert}, status=403)
