"""Who may read the statistics (thống kê): pure predicates, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.accounts.constants import Scope
from motcua.agencies.constants import Role

#: Roles that see an agency's figures (and those of the agencies under it) in the back office.
READER_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.CITY_OPERATOR})


def can_read_statistics_api(scopes: Iterable[str]) -> bool:
    """An API client needs the ``statistics:read`` scope."""
    return Scope.STATISTICS_READ in set(scopes)


def can_see_dashboard(roles: Iterable[str]) -> bool:
    """Leaders and the city operator see the leaders' dashboard."""
    return bool(READER_ROLES & set(roles))
