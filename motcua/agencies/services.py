"""Changes to agencies, memberships and delegations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Delegation, DelegationKind, Membership
from motcua.core.errors import DomainError, NotFound
from motcua.core.search import padded


def agency_upsert(*, code: str, **fields: Any) -> Agency:
    """Create or update an agency by its electronic identifier, keeping its search text in step."""
    fields["search_text"] = padded(f"{fields.get('name', '')} {code}")
    agency, _ = Agency.objects.update_or_create(code=code, defaults=fields)
    return agency


@transaction.atomic
def membership_grant(*, user_id: int, agency: Agency, role: str, title: str = "") -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user_id=user_id, agency=agency, role=role, defaults={"title": title}
    )
    return membership


class DelegationInvalid(DomainError):
    """A delegation that cannot be declared (field named in ``field``)."""

    code = "delegation_invalid"
    status = 422

    def __init__(self, detail: str, *, field: str = "") -> None:
        super().__init__(detail)
        self.field = field


#: Who declares a delegation or a substitute: the agency's leaders and administrators.
DECLARERS = (Role.LEADER, Role.AGENCY_ADMIN)
#: Longest delegation, in days (a leave or a mission; a permanent change is a new membership).
MAX_DELEGATION_DAYS = 366


def may_declare_delegations(*, user_id: int, agency_id: int) -> bool:
    return Membership.objects.current().filter(user_id=user_id, agency_id=agency_id, role__in=DECLARERS).exists()


def delegation_declare(
    *,
    by: AbstractBaseUser,
    agency_id: int,
    kind: str,
    delegator_id: int,
    delegate_id: int,
    valid_from: dt.date,
    valid_to: dt.date,
    role: str = "",
    reason: str = "",
) -> Delegation:
    """Declare a delegation of authority or a substitute during leave (ủy quyền / người thay thế)."""
    if not may_declare_delegations(user_id=by.pk, agency_id=agency_id):
        raise NotFound(_("No such agency."))
    if kind not in DelegationKind.values:
        raise DelegationInvalid(_("Choose the kind of delegation."), field="kind")
    if delegator_id == delegate_id:
        raise DelegationInvalid(_("Choose someone else as the delegate."), field="delegate")
    if valid_to < valid_from:
        raise DelegationInvalid(_("The end date must not be before the start date."), field="valid_to")
    if valid_to < timezone.localdate():
        raise DelegationInvalid(_("The period is already over."), field="valid_to")
    if (valid_to - valid_from).days >= MAX_DELEGATION_DAYS:
        raise DelegationInvalid(_("A delegation lasts at most a year."), field="valid_to")
    members = Membership.objects.current().filter(agency_id=agency_id).exclude(role=Role.CITY_OPERATOR)
    held = members.filter(user_id=delegator_id)
    if role:
        held = held.filter(role=role)
    if not held.exists():
        raise DelegationInvalid(_("The person delegating must hold that role in this agency."), field="delegator")
    if not members.filter(user_id=delegate_id, user__is_active=True).exists():
        raise DelegationInvalid(_("The delegate must be an official of this agency."), field="delegate")
    return Delegation.objects.create(
        kind=kind,
        agency_id=agency_id,
        delegator_id=delegator_id,
        delegate_id=delegate_id,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason.strip()[:300],
        created_by_id=by.pk,
    )


def delegation_withdraw(*, by: AbstractBaseUser, delegation_id: int) -> Delegation:
    """End a delegation now (it stays in the list, withdrawn)."""
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().filter(pk=delegation_id, withdrawn_at__isnull=True).first()
        if delegation is None or not may_declare_delegations(user_id=by.pk, agency_id=delegation.agency_id):
            raise NotFound(_("No such delegation."))
        delegation.withdrawn_at = timezone.now()
        delegation.save(update_fields=["withdrawn_at"])
        return delegation
