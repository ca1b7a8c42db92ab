"""Writes of feedback: rate a dossier's handling once after the result; complain about it; answer a complaint."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import RATABLE_STATES, ComplaintStatus, Satisfaction
from motcua.feedback.exceptions import FeedbackNotAllowed, InvalidFeedback
from motcua.feedback.models import Complaint, Rating
from motcua.feedback.policies import can_answer_complaint, can_complain, can_rate

MAX_TEXT = 4000


def _dossier(actor: Actor, dossier_id: int) -> Dossier:
    dossier = Dossier.objects.visible_to(actor).filter(pk=dossier_id).first()
    if dossier is None:
        raise NotFound(_("No such dossier."))
    return dossier


def rating_submit(*, actor: Actor, dossier_id: int, level: int, comment: str = "") -> Rating:
    """The submitter rates the handling (Decree 61/2018, Decision 766 scale), once, after the result."""
    if level not in Satisfaction.values:
        raise InvalidFeedback(_("Choose how satisfied you are."), field="level")
    if len(comment) > 2000:
        raise InvalidFeedback(_("Keep the comment under 2,000 characters."), field="comment")
    dossier = _dossier(actor, dossier_id)
    rated = Rating.objects.filter(dossier_id=dossier.pk).exists()
    if not can_rate(actor, dossier.submitter_user_id, dossier.state, rated):
        if rated:
            raise FeedbackNotAllowed(_("This dossier has already been rated."), code="already_rated")
        if dossier.state not in RATABLE_STATES:
            raise FeedbackNotAllowed(_("You can rate the service once the result is ready."), code="not_yet")
        raise NotFound(_("No such dossier."))
    assert actor.user_id is not None
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier_id=dossier.pk,
                user_id=actor.user_id,
                agency_id=dossier.current_agency_id,
                level=level,
                comment=comment.strip(),
            )
    except IntegrityError:  # rated meanwhile, in another tab
        raise FeedbackNotAllowed(_("This dossier has already been rated."), code="already_rated") from None


def complaint_submit(*, actor: Actor, dossier_id: int, text: str) -> Complaint:
    """The submitter complains about the handling; the complaint reaches the agency handling the dossier."""
    text = text.strip()
    if not text:
        raise InvalidFeedback(_("Say what went wrong."), field="text")
    if len(text) > MAX_TEXT:
        raise InvalidFeedback(_("Keep the complaint under 4,000 characters."), field="text")
    dossier = _dossier(actor, dossier_id)
    if not can_complain(actor, dossier.submitter_user_id):
        raise NotFound(_("No such dossier."))
    assert actor.user_id is not None
    return Complaint.objects.create(
        dossier_id=dossier.pk, user_id=actor.user_id, agency_id=dossier.current_agency_id, text=text
    )


def complaint_answer(*, actor: Actor, complaint_id: int, answer: str) -> Complaint:
    """An official of the agency answers the complaint (the citizen sees the answer on their dossier)."""
    answer = answer.strip()
    if not answer:
        raise InvalidFeedback(_("Write the answer."), field="answer")
    if len(answer) > MAX_TEXT:
        raise InvalidFeedback(_("Keep the answer under 4,000 characters."), field="answer")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None or not can_answer_complaint(actor, complaint.agency_id):
            raise NotFound(_("No such complaint."))
        if complaint.status == ComplaintStatus.ANSWERED:
            raise FeedbackNotAllowed(_("This complaint has already been answered."), code="already_answered")
        complaint.answer = answer
        complaint.status = ComplaintStatus.ANSWERED
        complaint.answered_by_id = actor.user_id
        complaint.answered_at = timezone.now()
        complaint.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    return complaint
