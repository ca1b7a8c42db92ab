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

from motcua.accounts.constants import CodePurpose
from motcua.accounts.forms import LoginForm
from motcua.accounts.models import User
from motcua.accounts.oidc import end_session_url, national_login_enabled
from motcua.accounts.services import totp_verify
from motcua.accounts.services.signup import unconfirmed_sign_up

#: Session key of a national login: its level of assurance and the ID token (for the provider's logout).
NATIONAL_SESSION_KEY = "accounts:national"
#: Session keys of a sign-up or password reset under way ({"purpose": …, "user_id": … or None}) and of
#: the notice its code page shows once.
PENDING_SIGNUP_KEY = "accounts:pending"
NOTICE_KEY = "accounts:notice"


def safe_next(request: HttpRequest, given: str, user: User) -> str:
    """``given`` when it is a local address, else the user's home page (no open redirect)."""
    if given and url_has_allowed_host_and_scheme(
        given, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return given
    return reverse("backoffice:home") if user.is_official else reverse("portal:home")


def _next_url(request: HttpRequest, user: User) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next", ""), user)


def national_context() -> dict[str, Any]:
    """What the pages need to offer the national login button and local sign-up."""
    return {
        "national_login": national_login_enabled(),
        "national_login_label": settings.OIDC_BUTTON_LABEL or _("Log in with VNeID, the national electronic identity"),
        "local_signup": settings.ACCOUNTS_LOCAL_SIGNUP,
    }


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if settings.RATELIMIT_ENABLE and is_ratelimited(
            request, group="login", key="ip", rate=settings.RATELIMIT_LOGIN, increment=True
        ):
            form.add_error(None, _("Too many attempts from your address. Wait a minute and try again."))
            return render(request, "accounts/login.html", {"form": form, **national_context()}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            user = auth.authenticate(request, username=data["username"], password=data["password"])
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request, {})
            if user is None:
                if unconfirmed := unconfirmed_sign_up(login=data["username"], password=data["password"]):
                    # The owner of a sign-up not confirmed yet: back to the code page (they can ask a new code).
                    request.session[PENDING_SIGNUP_KEY] = {
                        "purpose": CodePurpose.ACTIVATE.value,
                        "user_id": unconfirmed.pk,
                    }
                    request.session[NOTICE_KEY] = _("Your account is not open yet: enter the code we e-mailed you.")
                    return HttpResponseRedirect(reverse("accounts:signup_confirm"))
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
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", ""), **national_context()}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the local session; after a national login, also the provider's (when it offers logout)."""
    national = request.session.get(NATIONAL_SESSION_KEY) or {}
    auth.logout(request)
    home = reverse("portal:home")
    if national.get("id_token") and national_login_enabled():
        url = end_session_url(id_token=national["id_token"], post_logout_redirect_uri=request.build_absolute_uri(home))
        if url:
            return HttpResponseRedirect(url)
    return HttpResponseRedirect(home)


def lockout_response(request: HttpRequest, credentials: dict[str, Any], *args: Any, **kwargs: Any) -> HttpResponse:
    alert = _("This account is locked after too many failed logins. Try again later or ask your administrator.")
    return render(request, "accounts/login.html", {"form": LoginForm(), "locked": True, "alert": alert}, status=403)
