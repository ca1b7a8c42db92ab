"""Who may look up the register and how much they see: pure predicates, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.agencies.constants import Role
from motcua.registry.constants import FieldSet

#: The field set each agency role needs. An official with several roles in the acting agency gets the
#: widest; a role missing here may not look people up at all.
ROLE_FIELD_SETS: dict[str, str] = {  # role → field set
    Role.ONE_STOP_OFFICER: FieldSet.MINIMAL,  # identify the applicant at the desk
    Role.AGENCY_ADMIN: FieldSet.MINIMAL,
    Role.CITY_OPERATOR: FieldSet.MINIMAL,
    Role.SPECIALIST: FieldSet.STANDARD,  # process the dossier: residence, household
    Role.LEADER: FieldSet.FULL,  # decide: the whole record
}
_ORDER: list[str] = [FieldSet.MINIMAL.value, FieldSet.STANDARD.value, FieldSet.FULL.value]

#: Field set of an API client with the ``registry:lookup`` scope (it may ask for less).
API_FIELD_SET = FieldSet.STANDARD
LOOKUP_SCOPE = "registry:lookup"


def field_set_for_roles(roles: Iterable[str]) -> str | None:
    """The widest field set the roles allow, or None when none of them may look people up."""
    sets = [ROLE_FIELD_SETS[r] for r in roles if r in ROLE_FIELD_SETS]
    return max(sets, key=_ORDER.index) if sets else None


def narrower(requested: str | None, allowed: str) -> str:
    """``requested`` when it is no wider than ``allowed``, else ``allowed``."""
    if requested in _ORDER and _ORDER.index(requested) <= _ORDER.index(allowed):
        return str(requested)
    return allowed


def can_see_flags(roles: Iterable[str]) -> bool:
    return Role.AGENCY_ADMIN in set(roles)


def can_lookup_api(scopes: Iterable[str]) -> bool:
    return LOOKUP_SCOPE in set(scopes)
