"""Listens to the dossier engine's announcements (sent inside the move's transaction, with ids only)."""

from __future__ import annotations

from typing import Any

from motcua.core.tasks import enqueue_after_commit
from motcua.notifications.progress import MOVE_VERBS, PUBLIC_VERBS
from motcua.notifications.tasks import notifications_for_dossier


def on_dossier_changed(sender: Any, *, dossier_id: int, verb: str = "", **kwargs: Any) -> None:
    """Queue the citizen's notices, to run once the move is committed: the request that made the move does not
    wait for their queries and rendering."""
    if verb and verb not in PUBLIC_VERBS and verb not in MOVE_VERBS:
        return  # never shown to the citizen (``is_public``): nothing to queue
    enqueue_after_commit(notifications_for_dossier, dossier_id)
