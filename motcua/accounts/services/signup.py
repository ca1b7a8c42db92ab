"""Local citizen accounts (tài khoản người dân): sign-up confirmed by an e-mailed code, password reset.

They serve the demo and deployments without national login. A citizen account is tied to one 12-digit
personal ID and one e-mail address; it stays inactive until the code sent to that address is entered.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import CodePurpose, UserKind
from motcua.accounts.models import User
from motcua.accounts.services.codes import code_consume, code_issue
from motcua.core.errors import DomainError
from motcua.core.identifiers import personal_id_problem


class SignUpError(DomainError):
    """A sign-up that breaks a rule; ``field`` names the form field to show it on."""

    status = 422

    def __init__(self, detail: str, *, code: str, field: str) -> None:
        super().__init__(detail, code=code)
        self.field = field


#: How long an unconfirmed sign-up holds its personal ID, e-mail and phone against a new sign-up.
UNCONFIRMED_HOLD = dt.timedelta(hours=24)


def _release_stale_sign_ups(*, personal_id: str, email: str, phone: str) -> None:
    """Delete sign-ups never confirmed within a day that use these details, so that nobody can block
    someone else's personal ID or address by signing up with it and never confirming."""
    same = Q(personal_id=personal_id) | Q(username=personal_id) | Q(email__iexact=email)
    if phone:
        same |= Q(phone=phone)
    stale = User.objects.filter(
        same,
        kind=UserKind.CITIZEN,
        is_active=False,
        last_login=None,
        oidc_subject=None,
        date_joined__lt=timezone.now() - UNCONFIRMED_HOLD,
        one_time_codes__purpose=CodePurpose.ACTIVATE,
    ).distinct()
    for user in stale:
        user.delete()


def _taken(*, personal_id: str, email: str, phone: str) -> SignUpError | None:
    if User.objects.filter(Q(personal_id=personal_id) | Q(username=personal_id)).exists():
        return SignUpError(
            str(_("An account already uses this personal ID number. Log in, or reset its password.")),
            code="personal_id_taken",
            field="personal_id",
        )
    if User.objects.filter(email__iexact=email).exists():
        return SignUpError(
            str(_("An account already uses this e-mail address. Log in, or reset its password.")),
            code="email_taken",
            field="email",
        )
    if phone and User.objects.filter(phone=phone).exists():
        return SignUpError(str(_("An account already uses this phone number.")), code="phone_taken", field="phone")
    return None


@transaction.atomic
def citizen_sign_up(*, full_name: str, personal_id: str, email: str, phone: str, password: str) -> User:
    """Create an inactive citizen account and e-mail it a confirmation code.

    The password must already have passed Django's validators (the form runs them with the new
    account's attributes). The personal ID is also the account's user name.
    """
    if personal_id_problem(personal_id):
        raise SignUpError(
            str(_("Enter a valid 12-digit personal ID number.")), code="invalid_personal_id", field="personal_id"
        )
    email = email.strip()
    _release_stale_sign_ups(personal_id=personal_id, email=email, phone=phone)
    if error := _taken(personal_id=personal_id, email=email, phone=phone):
        raise error
    user = User(
        username=personal_id,
        kind=UserKind.CITIZEN,
        full_name=full_name.strip(),
        personal_id=personal_id,
        email=email,
        phone=phone or None,
        is_active=False,
    )
    user.set_password(password)
    user.save()
    code_issue(user=user, purpose=CodePurpose.ACTIVATE)
    return user


def unconfirmed_sign_up(*, login: str, password: str) -> User | None:
    """The sign-up still waiting for its code that ``login`` (personal ID, e-mail or phone) and
    ``password`` open, or None. Lets its owner, and only them, get back to the confirmation page."""
    ident = login.strip()
    if not ident or not password:
        return None
    user = (
        User.objects.filter(
            Q(username=ident) | Q(email__iexact=ident) | Q(phone=ident),
            kind=UserKind.CITIZEN,
            is_active=False,
            last_login=None,
            oidc_subject=None,
            one_time_codes__purpose=CodePurpose.ACTIVATE,
        )
        .distinct()
        .first()
    )
    return user if user is not None and user.check_password(password) else None


def citizen_activate(*, user_id: int, code: str) -> User:
    """Check the confirmation code and open the account. Raises CodeError on a wrong code."""
    code_consume(user_id=user_id, purpose=CodePurpose.ACTIVATE, code=code)
    with transaction.atomic():
        User.objects.filter(pk=user_id, kind=UserKind.CITIZEN).update(is_active=True)
        return User.objects.get(pk=user_id)


def _resettable(email: str) -> User | None:
    """The account whose password may be reset by a code sent to ``email``.

    Accounts tied to the national identity have no password any more, and officials' passwords are
    managed by their administrators.
    """
    return (
        User.objects.filter(
            email__iexact=email.strip(), kind=UserKind.CITIZEN, is_active=True, oidc_subject__isnull=True
        )
        .exclude(email="")
        .first()
    )


@transaction.atomic
def password_reset_request(*, email: str) -> int | None:
    """Send a reset code when ``email`` belongs to a resettable account; its id, or None.

    The caller must answer the same way in both cases, so that nobody learns which addresses have accounts.
    """
    user = _resettable(email)
    if user is None:
        return None
    code_issue(user=user, purpose=CodePurpose.RESET)
    return user.pk


def code_resend(*, user_id: int, purpose: CodePurpose) -> None:
    """Send a new code for a sign-up still waiting for confirmation or a reset under way."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, kind=UserKind.CITIZEN).first()
        if user is None or (purpose == CodePurpose.ACTIVATE and user.is_active):
            return
        code_issue(user=user, purpose=purpose)


def password_reset_confirm(*, user_id: int, code: str, password: str) -> User:
    """Check the reset code and set the new password (already validated). Raises CodeError."""
    code_consume(user_id=user_id, purpose=CodePurpose.RESET, code=code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        return user
