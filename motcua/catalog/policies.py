"""Who may do what in the catalogue: pure predicates over roles, no I/O."""

from __future__ import annotations

from collections.abc import Collection

from motcua.agencies.constants import AgencyLevel, Role


def can_edit_catalog(roles: Collection[tuple[str, str, str]]) -> bool:
    """``roles`` are (role, agency level, agency name): an operator, or an administrator of a city body."""
    return any(
        role == Role.CITY_OPERATOR or (role == Role.AGENCY_ADMIN and level == AgencyLevel.PROVINCE)
        for role, level, _ in roles
    )


def can_edit_procedure(roles: Collection[tuple[str, str, str]], managing_agency: str) -> bool:
    """Operators edit every procedure; a department's administrators the procedures it maintains."""
    if any(role == Role.CITY_OPERATOR for role, _, _ in roles):
        return True
    return bool(managing_agency) and any(
        role == Role.AGENCY_ADMIN and level == AgencyLevel.PROVINCE and name == managing_agency
        for role, level, name in roles
    )
