"""Listens to the dossier engine's announcements (sent after commit, with ids only)."""

from __future__ import annotations

import logging
from typing import Any

from motcua.notifications.progress import MOVE_VERBS, PUBLIC_VERBS
from motcua.notifications.tasks import notifications_for_dossier

logger = logging.getLogger(__name__)


def on_dossier_changed(sender: Any, *, dossier_id: int, verb: str = "", **kwargs: Any) -> None:
    """Queue the citizen's notices: the request that made the move does not wait for their queries
    and rendering. The move is already committed: a failure to queue is logged, never raised into that request
    (the next move of the dossier picks up what was missed)."""
    if verb and verb not in PUBLIC_VERBS and verb not in MOVE_VERBS:
        return  # never shown to the citizen (``is_public``): nothing to queue
    try:
        notifications_for_dossier.enqueue(dossier_id)
    except Exception:
        logger.exception("queueing the notifications of dossier %s failed", dossier_id)
