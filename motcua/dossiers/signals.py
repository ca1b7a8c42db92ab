"""Announcements other apps subscribe to; sent after commit, with ids only."""

from __future__ import annotations

from django.dispatch import Signal

#: ``dossier_changed.send(sender=None, dossier_id=…, verb=…, national_status=…)`` once a move is committed.
dossier_changed = Signal()
