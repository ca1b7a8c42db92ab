"""Obligations follow the dossier: created when it is filed or received at the counter, or when payment is
requested through any interface; cancelled when it is refused, withdrawn or stopped. The work runs in the worker,
after the move's commit (``dossier_moved``: the request that made the move does not wait for it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import receiver

from motcua.dossiers.gates import reception_gate
from motcua.dossiers.signals import dossier_changed
from motcua.payments.services.obligations import payments_open_for_dossier
from motcua.payments.tasks import FOLLOWED, payments_follow_dossier

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier


@receiver(dossier_changed, dispatch_uid="payments.on_dossier_changed")
def on_dossier_changed(sender: object, dossier_id: int, verb: str, **kwargs: Any) -> None:
    if verb not in FOLLOWED:
        return  # the task would change nothing
    payments_follow_dossier.call(dossier_id, verb)  # in the worker already (``dossier_moved``)


@reception_gate("payments.obligations")
def obligations_made(dossier: Dossier) -> None:
    """The filing's obligations are made by a queued task; a desk receiving the dossier before the task ran
    would find no unpaid fee to stop it. Make them now (idempotent), inside the reception's transaction and
    ahead of the fee gate (``gate.py``, registered after this module: see ``apps.py``); when that gate refuses
    the move they go with it, and the task makes them."""
    payments_open_for_dossier(dossier_id=dossier.pk)
