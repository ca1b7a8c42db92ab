"""Recording who opened a dossier: one row per read by an official or an integrator (citizens reading their own
dossiers and the system are not recorded: the log is about others looking at a person's data)."""

from __future__ import annotations

from motcua.core.context import request_id
from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier, DossierAccess


def dossier_read_log(*, actor: Actor, dossier: Dossier, kind: str, detail: str = "") -> DossierAccess | None:
    """Record that ``actor`` opened ``dossier`` (its page, a slip, a result, an API read); None when nobody
    else's data was read (the owner, the system)."""
    if actor.kind not in ("official", "client"):
        return None
    return DossierAccess.objects.create(
        dossier_id=dossier.pk,
        kind=kind,
        detail=detail[:60],
        actor_user_id=actor.user_id if actor.kind == "official" else None,
        api_client_id=actor.client_id,
        actor_label=actor.name[:150],
        request_id=rid if (rid := request_id.get()) != "-" else "",
    )
