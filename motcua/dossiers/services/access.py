"""Recording who opened a dossier: one row per read by an official or an integrator (citizens reading their own
dossiers and the system are not recorded: the log is about others looking at a person's data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from motcua.core.context import request_id
from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier, DossierAccess


def _logged(actor: Actor) -> bool:
    return actor.kind in ("official", "client")


def _row(actor: Actor, dossier_id: int, kind: str, detail: str, at: dt.datetime) -> DossierAccess:
    return DossierAccess(
        at=at,
        dossier_id=dossier_id,
        kind=kind,
        detail=detail[:60],
        actor_user_id=actor.user_id if actor.kind == "official" else None,
        api_client_id=actor.client_id,
        actor_label=actor.name[:150],
        request_id=rid if (rid := request_id.get()) != "-" else "",
    )


def dossier_read_log(*, actor: Actor, dossier: Dossier, kind: str, detail: str = "") -> DossierAccess | None:
    """Record that ``actor`` opened ``dossier`` (its page, a slip, a result, an API read); None when nobody
    else's data was read (the owner, the system)."""
    if not _logged(actor):
        return None
    row = _row(actor, dossier.pk, kind, detail, timezone.now())
    row.save(force_insert=True)
    return row


def dossier_reads_log(*, actor: Actor, dossier_ids: Iterable[int], kind: str, detail: str = "") -> list[DossierAccess]:
    """Record that ``actor`` read each of these dossiers at once (a page of a list, a register, a summary known
    by its id): one row each, at the same time, in one bulk INSERT so that a read costs the same number of
    queries however many dossiers it shows (SQLite's 999-variable limit splits it every 124 rows); none for the
    owner or the system."""
    if not _logged(actor):
        return []
    now = timezone.now()
    return DossierAccess.objects.bulk_create([_row(actor, pk, kind, detail, now) for pk in dict.fromkeys(dossier_ids)])
