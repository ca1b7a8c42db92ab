"""Interconnected groups — liên thông: a parent dossier for the citizen, linked child dossiers per agency;
the parent has the latest appointment and its result is ready once every child has its result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from motcua.dossiers.actors import SYSTEM
from motcua.dossiers.constants import WORKING, State, Verb
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import engine

DONE = (State.RESULT_READY, State.DELIVERED)


def after_child_moved(child: Dossier, at: dt.datetime) -> None:
    """Inside the child's transaction: finish the parent when every child has its result."""
    if child.parent_id is None:
        return
    parent = Dossier.objects.filter(pk=child.parent_id).first()
    if parent is None or parent.state not in WORKING:
        return
    states = list(Dossier.objects.filter(parent_id=parent.pk).values_list("state", flat=True))
    if states and all(s in DONE for s in states):
        engine.commit(
            actor=SYSTEM,
            dossier=parent,
            verb=Verb.CHILD_DONE,
            to_state=State.RESULT_READY,
            at=at,
            changes={"finished_at": at},
            data={"child": child.code},
        )


def spawn_children(parent: Dossier, parts: Sequence[str], submit: Callable[[str], Dossier]) -> list[Dossier]:
    """Inside the parent's transaction: one linked dossier per part; the parent keeps the latest appointment."""
    children = [submit(code) for code in parts]
    dues = [c.due_at for c in children if c.due_at is not None]
    if dues and parent.due_at is not None and max(dues) > parent.due_at:
        Dossier.objects.filter(pk=parent.pk).update(due_at=max(dues), original_due_at=max(dues))
        parent.due_at = parent.original_due_at = max(dues)
    return children
