from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.identifiers import personal_id_problem


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name, e-mail or phone"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    otp_token = forms.CharField(
        label=_("Authentication code"),
        help_text=_("Officials: the 6-digit code from your authenticator app."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


_CODE_HELP = _("The 6-digit code in the e-mail we sent you. It is valid for 10 minutes.")


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        help_text=_CODE_HELP,
        min_length=6,
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class _NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        help_text=_("At least 10 characters; not only digits, not a common password, not like your name."),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _user_for_validation(self) -> User:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second is not None and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, self._user_for_validation())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignUpForm(_NewPasswordMixin):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    personal_id = forms.CharField(
        label=_("Personal ID number"),
        help_text=_("The 12 digits on your citizen identity card, for example 001090012345."),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We will send a code to this address to confirm it."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.RegexField(
        label=_("Mobile phone number"),
        regex=r"^0\d{9}$",
        error_messages={"invalid": _("Enter a 10-digit phone number starting with 0, for example 0912345678.")},
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    field_order = ["full_name", "personal_id", "email", "phone", "password1", "password2"]

    def clean_personal_id(self) -> str:
        value = "".join(self.cleaned_data["personal_id"].split())
        if personal_id_problem(value):
            raise forms.ValidationError(_("Enter a valid 12-digit personal ID number."), code="invalid")
        return value

    def _user_for_validation(self) -> User:
        data = self.cleaned_data
        return User(
            username=data.get("personal_id", ""),
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
            personal_id=data.get("personal_id") or None,
        )


class CodeForm(forms.Form):
    code = _code_field()


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address of your account. We will send a code to it."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class PasswordResetConfirmForm(_NewPasswordMixin):
    code = _code_field()
    field_order = ["code", "password1", "password2"]

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def _user_for_validation(self) -> User:
        return self.user or User()
