"""Announcements other apps subscribe to, with ids only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

#: ``dossier_changed.send(sender=None, dossier_id=…, verb=…, national_status=…)`` once a move is committed, by the
#: queued task ``dossier_moved`` (its row is written in the move's transaction with the database queue): receivers
#: run in the worker, each on its own (one failing does not stop the others), and may run twice for one move.
dossier_changed = Signal()

_muted: ContextVar[bool] = ContextVar("dossier_announcements_muted", default=False)


@contextmanager
def announcements_muted() -> Iterator[None]:
    """Moves made inside are not announced: generated history (the demo's year of dossiers) must not queue
    notices and follow-up tasks for events that never happened to anyone."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def announcements_are_muted() -> bool:
    return _muted.get()
