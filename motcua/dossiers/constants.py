"""Vocabularies of the dossier (hồ sơ): its states, their national status codes, and the audit verbs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """Internal state of a dossier (trạng thái hồ sơ); each maps to one national status code 1–10."""

    SUBMITTED = "submitted", _("Submitted, awaiting reception")
    INCOMPLETE = "incomplete", _("Asked to complete at reception")
    REFUSED = "refused", _("Refused at reception")
    RECEIVED = "received", _("Received")
    IN_PROCESS = "in_process", _("In process")
    SUPPLEMENT = "supplement", _("Supplement requested")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STOPPED = "stopped", _("Processing stopped")
    RESULT_READY = "result_ready", _("Result ready")
    DELIVERED = "delivered", _("Result delivered")


#: National status code (TrangThaiHoSo, domain guide 1.7) of each state: always kept in sync.
NATIONAL_STATUS: dict[str, int] = {
    State.SUBMITTED: 1,
    State.INCOMPLETE: 1,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.IN_PROCESS: 4,
    State.SUPPLEMENT: 5,
    State.AWAITING_PAYMENT: 6,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.RESULT_READY: 9,
    State.DELIVERED: 10,
}

#: State a dossier takes when it enters a process step shown with this national status.
STATE_OF_STEP_STATUS: dict[int, State] = {
    1: State.SUBMITTED,
    2: State.RECEIVED,
    3: State.REFUSED,
    4: State.IN_PROCESS,
    5: State.SUPPLEMENT,
    6: State.AWAITING_PAYMENT,
    7: State.WITHDRAWN,
    8: State.STOPPED,
    9: State.RESULT_READY,
    10: State.DELIVERED,
}

FINAL_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.DELIVERED})
#: States before valid reception: the legal clock has not started.
PRE_RECEPTION = frozenset({State.SUBMITTED, State.INCOMPLETE})
#: States in which the agencies work on the dossier (the clock runs).
WORKING = frozenset({State.RECEIVED, State.IN_PROCESS})
#: States in which the clock is paused.
PAUSED = frozenset({State.SUPPLEMENT, State.AWAITING_PAYMENT})
OPEN_STATES = frozenset(State) - FINAL_STATES


class Verb(models.TextChoices):
    """What an audit entry records (thao tác)."""

    SUBMIT = "submit", _("Submitted")
    RECEIVE = "receive", _("Received")
    REFUSE = "refuse", _("Refused")
    ASK_TO_COMPLETE = "ask_to_complete", _("Asked to complete")
    RESUBMIT = "resubmit", _("Completed and resubmitted")
    ASSIGN = "assign", _("Assigned")
    HAND_OVER = "hand_over", _("Handed to a colleague")
    MOVE = "move", _("Moved to the next step")
    SEND_BACK = "send_back", _("Sent back")
    RECALL = "recall", _("Recalled")
    DRAFT_LETTER = "draft_letter", _("Letter drafted")
    REQUEST_SUPPLEMENT = "request_supplement", _("Supplement requested")
    DESK_SUPPLEMENT = "desk_supplement", _("Supplement asked of the one-stop desk")
    SUPPLEMENT_ANSWER = "supplement_answer", _("Supplement answered")
    SUPPLEMENT_LAPSED = "supplement_lapsed", _("Supplement request lapsed")
    REQUEST_PAYMENT = "request_payment", _("Payment requested")
    PAYMENT_CONFIRM = "payment_confirm", _("Payment confirmed")
    APOLOGISE = "apologise", _("Apology and new date")
    WITHDRAW = "withdraw", _("Withdrawn")
    STOP = "stop", _("Stopped")
    RETURN = "return", _("Result returned")
    CORRECT = "correct", _("Corrected by an administrator")
    CHILD_DONE = "child_done", _("Linked dossier finished")
    FORWARD = "forward", _("Forwarded to the competent commune")
    RESULT_SIGNED = "result_signed", _("Result signed and registered")
    RESULT_CORRECTED = "result_corrected", _("Result corrected")
    RESULT_REVOKED = "result_revoked", _("Result revoked")
    RESULT_HANDED = "result_handed", _("Result handed to the desk")
    RESULT_CONFIRMED = "result_confirmed", _("Result received by the desk")


class Party(models.TextChoices):
    """Kind of submitter or owner (LoaiDoiTuong)."""

    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class CopyKind(models.TextChoices):
    """Form of a component (bản chính / bản chứng thực / bản sao)."""

    ORIGINAL = "original", _("Original")
    CERTIFIED = "certified", _("Certified copy")
    COPY = "copy", _("Copy")


class LetterKind(models.TextChoices):
    """A letter drafted by a specialist and approved by a leader before it goes out."""

    SUPPLEMENT = "supplement", _("Supplement request")
    APOLOGY = "apology", _("Apology and new date")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Rejected")


#: Fields an administrator may correct (each correction is a new audit entry with a reason).
CORRECTABLE = ("due_at", "summary", "submitter_phone", "submitter_address", "owner_address")
