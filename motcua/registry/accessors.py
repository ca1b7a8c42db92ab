"""Who is looking: built once per request by the interface, passed to every lookup and logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from motcua.agencies.selectors import memberships_of
from motcua.core.errors import DomainError, PermissionDenied
from motcua.registry.constants import Channel, FieldSet
from motcua.registry.policies import API_FIELD_SET, can_lookup_api, field_set_for_roles, narrower


@dataclass(frozen=True)
class Accessor:
    """Accessor (người tra cứu): an official acting for an agency, an API client acting for one of its
    agencies, or a citizen reading their own record (prefill)."""

    channel: str
    label: str
    field_set: str
    user_id: int | None = None
    api_client_id: int | None = None
    agency_id: int | None = None
    self_id: str | None = None  # the citizen's own personal ID: the only record a self-lookup may read


@dataclass(frozen=True)
class Purpose:
    """Purpose (mục đích tra cứu): a declared purpose and/or the public-service code (mã DVC), and the
    dossier it serves (free text until dossiers exist)."""

    text: str = ""
    service_code: str = ""
    dossier_ref: str = ""

    def check(self) -> Purpose:
        text, code, dossier = " ".join(self.text.split()), self.service_code.strip(), self.dossier_ref.strip()
        if len(text) < 3 and not code:
            raise DomainError(
                _("State the purpose of the lookup (a public-service code or a declared purpose)."),
                code="purpose_required",
                status=422,
            )
        if len(text) > 300 or len(code) > 40 or len(dossier) > 60:
            raise DomainError(
                _("The purpose, service code or dossier reference is too long."), code="purpose_too_long", status=422
            )
        return Purpose(text=text, service_code=code, dossier_ref=dossier)


def lookup_agencies_of(*, user_id: int) -> dict[int, str]:
    """The agencies in which the official may look people up → the field set there."""
    roles: dict[int, list[str]] = {}
    for m in memberships_of(user_id=user_id):
        roles.setdefault(m.agency_id, []).append(m.role)
    allowed = {agency: field_set_for_roles(rs) for agency, rs in roles.items()}
    return {agency: fs for agency, fs in allowed.items() if fs is not None}


def official_accessor(*, user_id: int, username: str, agency_id: int, channel: str = Channel.PAGE) -> Accessor:
    field_set = lookup_agencies_of(user_id=user_id).get(agency_id)
    if field_set is None:
        raise PermissionDenied(_("You hold no role allowing lookups in this agency."), code="lookup_not_allowed")
    return Accessor(channel=channel, label=username, field_set=field_set, user_id=user_id, agency_id=agency_id)


def api_accessor(
    *,
    client_id: int,
    client_name: str,
    scopes: list[str],
    agency_ids: list[int],
    agency_id: int | None,
    fields: str | None,
) -> Accessor:
    if not can_lookup_api(scopes):
        raise PermissionDenied(_("This client lacks the registry:lookup scope."), code="scope_missing")
    if agency_id is None and len(agency_ids) == 1:
        agency_id = agency_ids[0]
    if agency_id is None or agency_id not in agency_ids:
        raise PermissionDenied(_("Name one of the client's agencies to act for."), code="agency_required")
    return Accessor(
        channel=Channel.API,
        label=client_name[:150],
        field_set=narrower(fields, API_FIELD_SET),
        api_client_id=client_id,
        agency_id=agency_id,
    )


def self_accessor(*, user_id: int, username: str, personal_id: str) -> Accessor:
    return Accessor(
        channel=Channel.PREFILL, label=username, field_set=FieldSet.FULL, user_id=user_id, self_id=personal_id
    )
