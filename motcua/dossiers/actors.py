"""Actor — người thực hiện: who calls a service (an official, a citizen, an API client, or the system)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from motcua.accounts.constants import Scope, UserKind
from motcua.accounts.models import ApiClient, User
from motcua.agencies.constants import Role
from motcua.agencies.models import Membership

ActorKind = Literal["official", "citizen", "client", "system"]


@dataclass(frozen=True)
class Actor:
    """The caller, with the roles it holds per agency id (pure data: policies take it without I/O)."""

    kind: ActorKind
    name: str
    user_id: int | None = None
    client_id: int | None = None
    roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    city_operator: bool = False
    can_read: bool = True
    can_write: bool = True

    @property
    def agencies(self) -> frozenset[int]:
        return frozenset(agency for agency, _role in self.roles)

    def has_role(self, agency_id: int, *roles: str) -> bool:
        return any((agency_id, role) in self.roles for role in roles)


SYSTEM = Actor(kind="system", name="motcua")


def actor_for_user(user: User) -> Actor:
    """An official with the roles of their current memberships, or a citizen."""
    if user.kind != UserKind.OFFICIAL:
        return Actor(kind="citizen", name=user.full_name or user.get_username(), user_id=user.pk)
    rows = Membership.objects.current().filter(user_id=user.pk, agency__active=True).values_list("agency_id", "role")
    roles = frozenset((agency, str(role)) for agency, role in rows)
    return Actor(
        kind="official",
        name=user.full_name or user.get_username(),
        user_id=user.pk,
        roles=roles,
        city_operator=any(role == Role.CITY_OPERATOR for _a, role in roles),
    )


def actor_for_client(client: ApiClient) -> Actor:
    """An integrator's system: every role at each of its agencies, limited by its scopes."""
    scopes = set(client.scopes or [])
    agencies = list(client.agencies.values_list("id", flat=True))
    roles = frozenset((agency, str(role)) for agency in agencies for role in Role if role != Role.CITY_OPERATOR)
    return Actor(
        kind="client",
        name=client.name,
        client_id=client.pk,
        roles=roles,
        can_read=Scope.DOSSIERS_READ in scopes or Scope.DOSSIERS_WRITE in scopes,
        can_write=Scope.DOSSIERS_WRITE in scopes,
    )
