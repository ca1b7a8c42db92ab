"""What a verified national identity (định danh điện tử) means for motcua's accounts.

The account is found by the provider's subject; else the citizen account with the same personal ID is
linked to it (a local account becomes a national one: its password stops working, so nobody who only knew
that password keeps access); else a citizen account is created. Officials never log in this way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.identifiers import personal_id_problem

log = logging.getLogger(__name__)

#: Profile claims: the national portal's names first (domain.md §5.3), then the standard OIDC ones.
NAME_CLAIMS = ("HoVaTen", "name")
BIRTH_DATE_CLAIMS = ("NgayThangNamSinh", "birthdate")
PHONE_CLAIMS = ("SoDienThoai", "phone_number")
EMAIL_CLAIMS = ("ThuDienTu", "email")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d")


class NationalIdentityRefused(DomainError):
    status = 403


@dataclass(frozen=True)
class NationalProfile:
    subject: str
    personal_id: str
    full_name: str
    birth_date: dt.date | None
    phone: str
    email: str


def _first(claims: Mapping[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = claims.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def parse_birth_date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar date, no time zone)
        except ValueError:
            continue
    return None


def profile_from_claims(*, subject: str, claims: Mapping[str, Any]) -> NationalProfile:
    """The fields motcua keeps, from the claims; refuses a missing or invalid personal ID."""
    personal_id = str(claims.get(settings.OIDC_PERSONAL_ID_CLAIM) or "").strip()
    if not personal_id:
        raise NationalIdentityRefused(
            _("The national identity service did not give your personal ID number, so we cannot open your account."),
            code="personal_id_missing",
        )
    birth_date = parse_birth_date(_first(claims, BIRTH_DATE_CLAIMS))
    if personal_id_problem(personal_id, birth_date=birth_date):
        raise NationalIdentityRefused(
            _("The personal ID number given by the national identity service is not valid."),
            code="personal_id_invalid",
        )
    return NationalProfile(
        subject=subject,
        personal_id=personal_id,
        full_name=_first(claims, NAME_CLAIMS),
        birth_date=birth_date,
        phone=_first(claims, PHONE_CLAIMS),
        email=_first(claims, EMAIL_CLAIMS),
    )


_OFFICIAL = _(
    "Officials log in with their user name, password and authentication code, not with the national identity."
)
_TAKEN = _(
    "This personal ID number is already tied to another national identity account. Please contact the one-stop desk."
)
_DISABLED = _("This account has been closed. Please contact the one-stop desk.")


def _account_for(profile: NationalProfile) -> User | None:
    """The existing account of this identity, or None; refuses the cases that must not log in."""
    by_subject = User.objects.select_for_update().filter(oidc_subject=profile.subject).first()
    by_id = User.objects.select_for_update().filter(personal_id=profile.personal_id).first()
    for user in (by_subject, by_id):
        if user is not None and user.kind != UserKind.CITIZEN:
            raise NationalIdentityRefused(_OFFICIAL, code="official")
    if by_subject is not None:
        if by_subject.personal_id and by_subject.personal_id != profile.personal_id:
            raise NationalIdentityRefused(_TAKEN, code="identity_mismatch")
        if by_id is not None and by_id.pk != by_subject.pk:
            raise NationalIdentityRefused(_TAKEN, code="personal_id_taken")
        return by_subject
    if by_id is not None and by_id.oidc_subject:
        raise NationalIdentityRefused(_TAKEN, code="personal_id_taken")
    return by_id


def _free(field: str, value: str, user: User | None) -> str | None:
    """``value`` when no other account uses it for ``field`` (phone, e-mail are unique), else None."""
    if not value:
        return None
    lookup = f"{field}__iexact" if field == "email" else field
    others = User.objects.filter(**{lookup: value})
    if user is not None:
        others = others.exclude(pk=user.pk)
    return None if others.exists() else value


@transaction.atomic
def citizen_from_national_identity(*, subject: str, claims: Mapping[str, Any]) -> User:
    """The citizen account for a verified national identity: found, linked or created.

    The national identity is authoritative: name, birth date, phone and e-mail are refreshed from it at
    every login (phone and e-mail only when no other account uses them).
    """
    profile = profile_from_claims(subject=subject, claims=claims)
    user = _account_for(profile)
    if user is None:
        user = User(username=f"vneid-{profile.personal_id}", kind=UserKind.CITIZEN, personal_id=profile.personal_id)
        user.set_unusable_password()
        log.info("national login: new citizen account for subject %s", subject)
    elif not user.oidc_subject:
        if not user.is_active and user.last_login is not None:
            raise NationalIdentityRefused(_DISABLED, code="account_disabled")
        # A local account becomes a national one; its password no longer opens it.
        user.set_unusable_password()
        log.info("national login: linked account %s to subject %s", user.pk, subject)
    elif not user.is_active:
        raise NationalIdentityRefused(_DISABLED, code="account_disabled")
    user.oidc_subject = profile.subject
    user.is_active = True
    user.full_name = profile.full_name or user.full_name
    user.birth_date = profile.birth_date or user.birth_date
    user.phone = _free("phone", profile.phone, user) or user.phone
    user.email = _free("email", profile.email, user) or user.email
    user.save()
    return user
