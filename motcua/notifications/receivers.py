"""Listens to the dossier engine's announcements (``dossier_changed``, sent by the worker after the move's commit)."""

from __future__ import annotations

from typing import Any

from motcua.notifications.progress import MOVE_VERBS, PUBLIC_VERBS
from motcua.notifications.tasks import notifications_for_dossier


def on_dossier_changed(sender: Any, *, dossier_id: int, verb: str = "", **kwargs: Any) -> None:
    """Make the citizen's notices of the dossier's latest moves (run twice for one move, it adds none)."""
    if verb and verb not in PUBLIC_VERBS and verb not in MOVE_VERBS:
        return  # never shown to the citizen (``is_public``): nothing to make
    notifications_for_dossier.call(dossier_id)  # in the worker already (``dossier_moved``)
