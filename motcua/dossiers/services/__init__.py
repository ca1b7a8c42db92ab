"""The dossier lifecycle engine: one service per state change (``dossier_<verb>``)."""

from motcua.dossiers.services.access import dossier_read_log, dossier_reads_log
from motcua.dossiers.services.documents import document_delete, document_for, document_store, wallet_of
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
from motcua.dossiers.services.reception import dossier_forward
from motcua.dossiers.services.results import result_correct, result_revoke
from motcua.dossiers.services.returns import result_collect, result_desk_confirm, result_hand_to_desk, result_post

__all__ = [
    "ComponentIn",
    "PartyIn",
    "document_delete",
    "document_for",
    "document_store",
    "dossier_apologise",
    "dossier_approve",
    "dossier_ask_desk",
    "dossier_ask_to_complete",
    "dossier_assign",
    "dossier_confirm_payment",
    "dossier_correct",
    "dossier_forward",
    "dossier_hand_over",
    "dossier_letter_decide",
    "dossier_move",
    "dossier_read_log",
    "dossier_reads_log",
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
    "result_collect",
    "result_correct",
    "result_desk_confirm",
    "result_hand_to_desk",
    "result_post",
    "result_revoke",
    "wallet_of",
]
