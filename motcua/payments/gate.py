"""The reception gate: a fee collected before processing (thu trước) must be paid, or waived, before the
desk can receive the dossier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from motcua.dossiers.gates import reception_gate
from motcua.payments.selectors import payment_blocks_reception

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier


@reception_gate("payments")
def unpaid_before_processing(dossier: Dossier) -> str | None:
    if payment_blocks_reception(dossier.pk):
        return _("The fee for this dossier must be paid (or waived) before it can be received.")
    return None
