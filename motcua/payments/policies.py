"""Who may do what with a payment (pure predicates, no I/O)."""

from __future__ import annotations

from motcua.agencies.constants import Role
from motcua.dossiers.actors import Actor

#: Staff who take money at the counter, refund it or waive it.
CASHIER_ROLES = (Role.ONE_STOP_OFFICER, Role.LEADER, Role.AGENCY_ADMIN)


def can_pay(actor: Actor, submitter_user_id: int | None) -> bool:
    """Only the citizen who filed the dossier pays for it online."""
    return actor.kind == "citizen" and actor.user_id is not None and actor.user_id == submitter_user_id


def can_handle_money(actor: Actor, agency_ids: tuple[int, ...]) -> bool:
    """Counter collection, refunds and waivers: the cashier roles of the dossier's agencies."""
    if actor.kind == "system":
        return True
    if actor.kind != "official" or not actor.can_write:
        return False
    return any(actor.has_role(agency, *CASHIER_ROLES) for agency in agency_ids)
