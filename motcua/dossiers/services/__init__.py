"""The dossier lifecycle engine: one service per state change (``dossier_<verb>``)."""

from motcua.dossiers.services.filing import ComponentIn, PartyIn
from motcua.dossiers.services.intake import (
    dossier_ask_to_complete,
    dossier_receive,
    dossier_refuse,
    dossier_resubmit,
    dossier_submit,
)
from motcua.dossiers.services.letters import dossier_apologise, dossier_ask_desk, dossier_letter_decide
from motcua.dossiers.services.pauses import (
    dossier_confirm_payment,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_supplement_answer,
    dossier_supplement_lapse,
    dossiers_lapse_supplements,
)
from motcua.dossiers.services.processing import (
    dossier_approve,
    dossier_assign,
    dossier_correct,
    dossier_hand_over,
    dossier_move,
    dossier_recall,
    dossier_return,
    dossier_send_back,
    dossier_stop,
    dossier_transfer,
    dossier_withdraw,
)

__all__ = [
    "ComponentIn",
    "PartyIn",
    "dossier_apologise",
    "dossier_approve",
    "dossier_ask_desk",
    "dossier_ask_to_complete",
    "dossier_assign",
    "dossier_confirm_payment",
    "dossier_correct",
    "dossier_hand_over",
    "dossier_letter_decide",
    "dossier_move",
    "dossier_recall",
    "dossier_receive",
    "dossier_refuse",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_resubmit",
    "dossier_return",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit",
    "dossier_supplement_answer",
    "dossier_supplement_lapse",
    "dossier_transfer",
    "dossier_withdraw",
    "dossiers_lapse_supplements",
]
