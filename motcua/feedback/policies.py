"""Who may give feedback on a dossier: pure predicates, no I/O."""

from __future__ import annotations

from motcua.dossiers.actors import Actor
from motcua.feedback.constants import RATABLE_STATES


def can_rate(actor: Actor, submitter_user_id: int | None, state: str, already_rated: bool) -> bool:
    """The submitter, once, after the result."""
    return (
        actor.kind == "citizen"
        and submitter_user_id is not None
        and actor.user_id == submitter_user_id
        and state in RATABLE_STATES
        and not already_rated
    )


def can_complain(actor: Actor, submitter_user_id: int | None) -> bool:
    """The submitter, at any time after filing."""
    return actor.kind == "citizen" and submitter_user_id is not None and actor.user_id == submitter_user_id


def can_answer_complaint(actor: Actor, agency_id: int) -> bool:
    """Any official of the agency the complaint reached (its one-stop desk answers for it in practice)."""
    return actor.kind == "official" and (actor.city_operator or agency_id in actor.agencies)
