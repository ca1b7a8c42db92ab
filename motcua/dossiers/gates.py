"""Gates — conditions other apps put on a move of the dossier, without the engine importing them.

``payments`` registers a reception gate so that a fee collected before processing must be paid before the
desk can receive the dossier. A gate returns why the dossier cannot move, or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

Gate = Callable[["Dossier"], "str | None"]

_reception: dict[str, Gate] = {}


def reception_gate(name: str) -> Callable[[Gate], Gate]:
    """Register ``fn`` under ``name`` (registering the same name again replaces it: module reloads)."""

    def decorator(fn: Gate) -> Gate:
        _reception[name] = fn
        return fn

    return decorator


def reception_blockers(dossier: Dossier) -> list[str]:
    """Why the dossier may not be received yet (empty: it may)."""
    return [reason for gate in _reception.values() if (reason := gate(dossier))]
