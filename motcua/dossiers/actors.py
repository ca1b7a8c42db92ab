"""Actor — người thực hiện: who calls a service (an official, a citizen, an API client, or the system)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from motcua.accounts.constants import Scope, UserKind
from motcua.accounts.models import ApiClient, User
from motcua.agencies.constants import Role
from motcua.agencies.models import Delegation, Membership

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
    #: Roles held by delegation or as a substitute: (agency, role, delegator's user id, delegator's name);
    #: ``roles`` includes them.
    delegated: frozenset[tuple[int, str, int, str]] = field(default_factory=frozenset)

    @property
    def agencies(self) -> frozenset[int]:
        return frozenset(agency for agency, _role in self.roles)

    @property
    def covers(self) -> frozenset[int]:
        """The user ids whose assigned work this actor may do: their own and their delegators'."""
        own = {self.user_id} if self.user_id is not None else set()
        return frozenset(own | {user for _a, _r, user, _n in self.delegated})

    def has_role(self, agency_id: int, *roles: str) -> bool:
        return any((agency_id, role) in self.roles for role in roles)

    def on_behalf(self, agency_id: int, roles: Iterable[str] = (), assignee_id: int | None = None) -> tuple[int, str]:
        """Whose authority an act at ``agency_id`` uses: ``(0, "")`` for the actor's own, else the delegator's
        (the absent assignee's, or the one whose role the act needs and the actor lacks)."""
        delegators = {(user, name) for agency, _r, user, name in self.delegated if agency == agency_id}
        for user, name in sorted(delegators):
            if user == assignee_id and user != self.user_id:
                return user, name
        wanted = set(roles)
        own = {role for agency, role in self.roles if agency == agency_id} - {
            role for agency, role, _u, _n in self.delegated if agency == agency_id
        }
        if (own & wanted) if wanted else own:
            return 0, ""
        for agency, role, user, name in sorted(self.delegated):
            if agency == agency_id and (not wanted or role in wanted):
                return user, name
        return 0, ""


SYSTEM = Actor(kind="system", name="motcua")


def actor_for_user(user: User) -> Actor:
    """An official with the roles of their current memberships, or a citizen."""
    if user.kind != UserKind.OFFICIAL:
        return Actor(kind="citizen", name=user.full_name or user.get_username(), user_id=user.pk)
    rows = Membership.objects.current().filter(user_id=user.pk, agency__active=True).values_list("agency_id", "role")
    roles = frozenset((agency, str(role)) for agency, role in rows)
    delegated = _delegated_roles(user.pk)
    return Actor(
        kind="official",
        name=user.full_name or user.get_username(),
        user_id=user.pk,
        roles=roles | {(agency, role) for agency, role, _u, _n in delegated},
        city_operator=any(role == Role.CITY_OPERATOR for _a, role in roles),
        delegated=delegated,
    )


def _delegated_roles(user_id: int) -> frozenset[tuple[int, str, int, str]]:
    """Roles the delegators of today's delegations hold themselves (never re-delegated ones)."""
    found: set[tuple[int, str, int, str]] = set()
    for d in Delegation.objects.current().filter(delegate_id=user_id, agency__active=True).select_related("delegator"):
        held = Membership.objects.current().filter(user_id=d.delegator_id, agency_id=d.agency_id)
        held = held.exclude(role=Role.CITY_OPERATOR)
        if d.role:
            held = held.filter(role=d.role)
        name = d.delegator.full_name or d.delegator.get_username()
        found |= {(d.agency_id, str(role), d.delegator_id, name) for role in held.values_list("role", flat=True)}
    return frozenset(found)


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
