"""Listens to the dossier engine's announcements (sent after commit, with ids only)."""

from __future__ import annotations

import logging
from typing import Any

from motcua.notifications.services import notifications_create

logger = logging.getLogger(__name__)


def on_dossier_changed(sender: Any, *, dossier_id: int, **kwargs: Any) -> None:
    """Create the citizen's notices. The move is already committed: a failure here is logged, never raised
    into the request that made the move (the next move of the dossier picks up what was missed)."""
    try:
        notifications_create(dossier_id=dossier_id)
    except Exception:
        logger.exception("notifications for dossier %s failed", dossier_id)
