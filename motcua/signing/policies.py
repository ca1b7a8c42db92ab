"""Who may sign (pure predicates, no I/O)."""

from __future__ import annotations

from motcua.accounts.models import User


def can_sign(actor: User) -> bool:
    """Officials sign results and seal them; citizens never sign through the platform's keys."""
    return bool(actor.is_active and actor.is_official)


def can_register_result(actor: User) -> bool:
    return bool(actor.is_active and actor.is_official)
