"""Local citizen accounts: sign up, confirm the e-mail address with a code, reset a forgotten password.

Which account a code page is about is kept in the session (never in the address), so these pages only
ever act on the sign-up or reset that this browser started.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from motcua.accounts.constants import CodePurpose
from motcua.accounts.forms import CodeForm, PasswordResetConfirmForm, PasswordResetRequestForm, SignUpForm
from motcua.accounts.models import User
from motcua.accounts.services.codes import CodeError
from motcua.accounts.services.signup import (
    SignUpError,
    citizen_activate,
    citizen_sign_up,
    code_resend,
    password_reset_confirm,
    password_reset_request,
)
from motcua.accounts.views import NATIONAL_SESSION_KEY, NOTICE_KEY, national_context
from motcua.accounts.views import PENDING_SIGNUP_KEY as PENDING_KEY


def _limited(request: HttpRequest) -> bool:
    """Each sign-up or reset request sends an e-mail: limit them per client address."""
    return bool(settings.RATELIMIT_ENABLE) and is_ratelimited(
        request, group="account-codes", key="ip", rate=settings.RATELIMIT_ACCOUNT_CODES, increment=True
    )


def _too_many_message() -> str:
    return _("Too many requests from your address. Wait a while and try again.")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if not settings.ACCOUNTS_LOCAL_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("portal:home"))
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _limited(request):
            form.add_error(None, _too_many_message())
            return render(request, "accounts/signup.html", {"form": form, **national_context()}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = citizen_sign_up(
                    full_name=data["full_name"],
                    personal_id=data["personal_id"],
                    email=data["email"],
                    phone=data["phone"],
                    password=data["password1"],
                )
            except SignUpError as error:
                form.add_error(error.field, str(error.detail))
            else:
                request.session[PENDING_KEY] = {"purpose": CodePurpose.ACTIVATE.value, "user_id": user.pk}
                return HttpResponseRedirect(reverse("accounts:signup_confirm"))
        status = 422
    return render(request, "accounts/signup.html", {"form": form, **national_context()}, status=status)


def _pending(request: HttpRequest, purpose: CodePurpose) -> dict[str, Any]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("purpose") != purpose.value:
        raise Http404
    return pending


def _code_page(
    request: HttpRequest, form: Any, *, purpose: CodePurpose, status: int = 200, **extra: Any
) -> HttpResponse:
    if purpose == CodePurpose.ACTIVATE:
        context = {
            "heading": _("Confirm your e-mail address"),
            "intro": _("We sent a 6-digit code to your e-mail address. Enter it to open your account."),
            "submit_label": _("Confirm"),
        }
    else:
        context = {
            "heading": _("Set a new password"),
            "intro": _(
                "If an account uses the address you gave, we sent a 6-digit code to it. "
                "Enter the code and your new password."
            ),
            "submit_label": _("Set the new password"),
        }
    return render(request, "accounts/code.html", {"form": form, **context, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest) -> HttpResponse:
    pending = _pending(request, CodePurpose.ACTIVATE)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = citizen_activate(user_id=int(pending["user_id"]), code=form.cleaned_data["code"])
            except CodeError as error:
                form.add_error("code", str(error.detail))
            else:
                del request.session[PENDING_KEY]
                auth.login(request, user, backend="motcua.accounts.backends.LoginBackend")
                return HttpResponseRedirect(reverse("accounts:profile"))
        return _code_page(request, form, purpose=CodePurpose.ACTIVATE, status=422)
    return _code_page(request, form, purpose=CodePurpose.ACTIVATE, notice=_notice(request))


def _notice(request: HttpRequest) -> str:
    return str(request.session.pop(NOTICE_KEY, ""))


@require_POST
def resend(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        raise Http404
    purpose = CodePurpose(pending["purpose"])
    target = "accounts:signup_confirm" if purpose == CodePurpose.ACTIVATE else "accounts:password_reset_confirm"
    notice = _("We sent you a new code.")
    if pending.get("user_id"):
        try:
            code_resend(user_id=int(pending["user_id"]), purpose=purpose)
        except CodeError as error:
            notice = str(error.detail)
    request.session[NOTICE_KEY] = notice
    return HttpResponseRedirect(reverse(target))


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    context = {"form": form, **national_context()}
    if request.method == "POST":
        if _limited(request):
            form.add_error(None, _too_many_message())
            return render(request, "accounts/password_reset.html", context, status=429)
        if form.is_valid():
            try:
                user_id = password_reset_request(email=form.cleaned_data["email"])
            except CodeError:
                # A code went out a moment ago and is still good; saying so would tell that the account exists.
                user_id = _user_id_for_email(form.cleaned_data["email"])
            # The same answer whether or not the address has an account.
            request.session[PENDING_KEY] = {"purpose": CodePurpose.RESET.value, "user_id": user_id}
            return HttpResponseRedirect(reverse("accounts:password_reset_confirm"))
        return render(request, "accounts/password_reset.html", context, status=422)
    return render(request, "accounts/password_reset.html", context)


def _user_id_for_email(email: str) -> int | None:
    return User.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True).first()


@require_http_methods(["GET", "POST"])
def password_reset_confirm_view(request: HttpRequest) -> HttpResponse:
    pending = _pending(request, CodePurpose.RESET)
    user_id = pending.get("user_id")
    user = User.objects.filter(pk=user_id).first() if user_id else None
    form = PasswordResetConfirmForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            if user is None:
                form.add_error("code", _("The code is wrong."))
            else:
                try:
                    password_reset_confirm(
                        user_id=user.pk, code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
                    )
                except CodeError as error:
                    form.add_error("code", str(error.detail))
                else:
                    del request.session[PENDING_KEY]
                    messages.success(request, _("Your password has been changed. You can log in with it now."))
                    return HttpResponseRedirect(reverse("accounts:login"))
        return _code_page(request, form, purpose=CodePurpose.RESET, status=422)
    return _code_page(request, form, purpose=CodePurpose.RESET, notice=_notice(request))


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The citizen's own account. Accounts without a personal ID (officials) have no such page."""
    user = request.user
    if not isinstance(user, User) or user.is_official or not user.personal_id:
        raise Http404
    return render(request, "accounts/profile.html", {"national": request.session.get(NATIONAL_SESSION_KEY)})
