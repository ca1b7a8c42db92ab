"""Actor — người thực hiện: who calls a service (an official, a citizen, an API client, or the system)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
from django.db.models.signals import m2m_changed
from django.utils import timezone

from motcua.accounts.constants import Scope, UserKind
from motcua.accounts.models import ApiClient, User
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Delegation, Membership
from motcua.core.db import prepared_cursor

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
    day = timezone.localdate()
    # every page of the back office asks this: one query, not one per delegation; prepared, as planning its
    # five joins took fifteen times as long as running it
    with prepared_cursor(connection.alias) as cursor:
        cursor.execute(
            _ROLES_SQL, [user.pk, True, day, day, user.pk, True, day, day, Role.CITY_OPERATOR.value, day, day]
        )
        rows = cursor.fetchall()
    roles = frozenset((agency, role) for agency, role, delegator, _full, _username in rows if delegator is None)
    delegated = frozenset(
        (agency, role, delegator, full or username)
        for agency, role, delegator, full, username in rows
        if delegator is not None
    )
    return Actor(
        kind="official",
        name=user.full_name or user.get_username(),
        user_id=user.pk,
        roles=roles | {(agency, role) for agency, role, _u, _n in delegated},
        city_operator=any(role == Role.CITY_OPERATOR for _a, role in roles),
        delegated=delegated,
    )


def _current(alias: str) -> str:
    return f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %s) AND ({alias}.valid_to IS NULL OR {alias}.valid_to >= %s)"


# An official's own roles (current memberships at active agencies), then the roles the delegators of today's
# delegations to them hold themselves at the delegation's agency (all of them, or the one delegated; never a
# re-delegated role, nor the city operator's).
_ROLES_SQL = (
    f"SELECT m.agency_id, m.role, NULL, NULL, NULL FROM {Membership._meta.db_table} m"  # noqa: S608 — our table names; values are parameters
    f" JOIN {Agency._meta.db_table} a ON a.id = m.agency_id"
    f" WHERE m.user_id = %s AND a.active = %s AND {_current('m')}"
    " UNION ALL"
    f" SELECT d.agency_id, m.role, d.delegator_id, u.full_name, u.username FROM {Delegation._meta.db_table} d"
    f" JOIN {Agency._meta.db_table} a ON a.id = d.agency_id"
    f" JOIN {User._meta.db_table} u ON u.id = d.delegator_id"
    f" JOIN {Membership._meta.db_table} m ON m.user_id = d.delegator_id AND m.agency_id = d.agency_id"
    " WHERE d.delegate_id = %s AND a.active = %s AND d.valid_from <= %s AND d.valid_to >= %s"
    " AND d.withdrawn_at IS NULL AND m.role <> %s AND (d.role = '' OR m.role = d.role)"
    f" AND {_current('m')}"
)


#: Seconds another process may keep using a client's agencies after they changed (this process forgets them at
#: once). A revoked client is refused at once all the same: its token is checked on every request.
CLIENT_ACTOR_SECONDS = 10.0
_CLIENT_ACTORS: dict[int, tuple[float, tuple[str, str, tuple[str, ...]], Actor]] = {}


def actor_for_client(client: ApiClient) -> Actor:
    """An integrator's system: every role at each of its agencies, limited by its scopes.

    Kept per process for a few seconds (its agencies are a query and its roles a set of hundreds for a
    city-wide client), keyed by what the request read of the client (name, token prefix, scopes)."""
    scopes = tuple(sorted(client.scopes or []))
    seen = (client.name, client.key_prefix, scopes)
    hit = _CLIENT_ACTORS.get(client.pk)
    now = time.monotonic()
    if hit is not None and hit[1] == seen and now - hit[0] < CLIENT_ACTOR_SECONDS:
        return hit[2]
    agencies = list(client.agencies.values_list("id", flat=True))
    roles = frozenset((agency, str(role)) for agency in agencies for role in Role if role != Role.CITY_OPERATOR)
    actor = Actor(
        kind="client",
        name=client.name,
        client_id=client.pk,
        roles=roles,
        can_read=Scope.DOSSIERS_READ in scopes or Scope.DOSSIERS_WRITE in scopes,
        can_write=Scope.DOSSIERS_WRITE in scopes,
    )
    _CLIENT_ACTORS[client.pk] = (now, seen, actor)
    return actor


def client_actors_forget(**kwargs: Any) -> None:
    """A client's agencies changed (admin, ``api_client_create``): this process rebuilds its actors."""
    _CLIENT_ACTORS.clear()


m2m_changed.connect(client_actors_forget, sender=ApiClient.agencies.through, dispatch_uid="dossiers.client_actors")
