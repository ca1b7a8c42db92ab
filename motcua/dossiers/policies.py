"""Who may do what to a dossier: pure predicates over an :class:`Actor` and the dossier's fields (no I/O).

Only the roles of the current step's agency may act; the citizen who filed may withdraw, complete and
answer supplements; administrators (agency administrator, city operator) may correct.
"""

from __future__ import annotations

from collections.abc import Iterable

from motcua.agencies.constants import Role
from motcua.dossiers.actors import Actor


def _official_or_client(actor: Actor) -> bool:
    return actor.kind in ("official", "client", "system") and actor.can_write


def can_act_at(actor: Actor, agency_id: int, roles: Iterable[str]) -> bool:
    """May ``actor`` take an action open to ``roles`` at ``agency_id`` (any role when ``roles`` is empty)?"""
    if actor.kind == "system":
        return True
    if not _official_or_client(actor):
        return False
    wanted = list(roles) or [r.value for r in Role if r != Role.CITY_OPERATOR]
    return actor.has_role(agency_id, *wanted)


def can_receive(actor: Actor, agency_id: int, roles: Iterable[str]) -> bool:
    return can_act_at(actor, agency_id, list(roles) or [Role.ONE_STOP_OFFICER])


def can_assign(actor: Actor, agency_id: int) -> bool:
    return can_act_at(actor, agency_id, [Role.LEADER])


def can_hand_over(actor: Actor, agency_id: int, assignee_id: int | None, step_role: str | None) -> bool:
    if can_act_at(actor, agency_id, [Role.LEADER]):
        return True
    if assignee_id is not None and actor.kind == "official":
        return assignee_id in actor.covers
    return can_act_at(actor, agency_id, [step_role] if step_role else [])


def can_decide_letters(actor: Actor, agency_id: int) -> bool:
    """Leaders approve supplement and apology letters (and stop dossiers)."""
    return can_act_at(actor, agency_id, [Role.LEADER])


def can_stop(actor: Actor, agency_id: int) -> bool:
    return can_act_at(actor, agency_id, [Role.LEADER])


def is_submitter(actor: Actor, submitter_user_id: int | None) -> bool:
    return actor.kind == "citizen" and submitter_user_id is not None and actor.user_id == submitter_user_id


def can_speak_for_citizen(actor: Actor, submitter_user_id: int | None, receiving_agency_id: int) -> bool:
    """The citizen themself, or the one-stop desk that received the dossier (completion, answers, withdrawal)."""
    return is_submitter(actor, submitter_user_id) or can_act_at(actor, receiving_agency_id, [Role.ONE_STOP_OFFICER])


def can_withdraw(actor: Actor, submitter_user_id: int | None, receiving_agency_id: int, current_agency_id: int) -> bool:
    return can_speak_for_citizen(actor, submitter_user_id, receiving_agency_id) or can_act_at(
        actor, current_agency_id, []
    )


def can_correct(actor: Actor, agency_ids: Iterable[int]) -> bool:
    """Administrator corrections: the agency administrator of an agency involved, or a city operator."""
    if actor.kind == "system" or (actor.city_operator and actor.can_write):
        return True
    return any(can_act_at(actor, agency, [Role.AGENCY_ADMIN]) for agency in agency_ids)


def can_create(actor: Actor, agency_id: int) -> bool:
    """Clients and desk officers file at their agencies; citizens file anywhere online."""
    if actor.kind == "citizen":
        return True
    return can_act_at(actor, agency_id, [Role.ONE_STOP_OFFICER])
