"""Ratings (once, after the result, by the submitter) and complaints (reach the agency, answered there)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.errors import NotFound
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.constants import State
from motcua.feedback.constants import RATABLE_STATES, ComplaintStatus, Satisfaction
from motcua.feedback.exceptions import FeedbackNotAllowed, InvalidFeedback
from motcua.feedback.policies import can_rate
from motcua.feedback.selectors import complaints_for, satisfaction_figures
from motcua.feedback.services import complaint_answer, complaint_submit, rating_submit


def test_rating_only_after_the_result_and_only_once(world):
    d = world.receive(world.submit())
    me = actor_for_user(world.citizen)
    with pytest.raises(FeedbackNotAllowed) as early:
        rating_submit(actor=me, dossier_id=d.pk, level=Satisfaction.SATISFIED)
    assert early.value.code == "not_yet"
    d = world.to_result(d)
    rating = rating_submit(actor=me, dossier_id=d.pk, level=Satisfaction.VERY_DISSATISFIED, comment="Chậm")
    assert rating.agency_id == d.current_agency_id
    with pytest.raises(FeedbackNotAllowed) as again:
        rating_submit(actor=me, dossier_id=d.pk, level=Satisfaction.SATISFIED)
    assert again.value.code == "already_rated"
    today = timezone.localdate()
    figures = satisfaction_figures(agency_ids=[d.current_agency_id], date_from=today, date_to=today)
    assert (figures.ratings, figures.dislikes) == (1, 1)


def test_another_citizen_cannot_rate_or_complain(world):
    d = world.to_result(world.receive(world.submit()))
    stranger = actor_for_user(world.other)
    with pytest.raises(NotFound):
        rating_submit(actor=stranger, dossier_id=d.pk, level=5)
    with pytest.raises(NotFound):
        complaint_submit(actor=stranger, dossier_id=d.pk, text="Không phải hồ sơ của tôi")


def test_rating_level_is_validated(world):
    d = world.to_result(world.receive(world.submit()))
    with pytest.raises(InvalidFeedback):
        rating_submit(actor=actor_for_user(world.citizen), dossier_id=d.pk, level=9)


@given(state=st.sampled_from(list(State)), rated=st.booleans(), same=st.booleans())
@settings(max_examples=60)
def test_can_rate_property(state, rated, same):
    from motcua.dossiers.actors import Actor

    actor = Actor(kind="citizen", name="x", user_id=1)
    allowed = can_rate(actor, 1 if same else 2, state, rated)
    assert allowed == (same and state in RATABLE_STATES and not rated)


def test_complaint_reaches_the_agency_and_is_answered(world):
    d = world.receive(world.submit())
    complaint = complaint_submit(actor=actor_for_user(world.citizen), dossier_id=d.pk, text="Cán bộ hẹn sai ngày")
    assert complaint.agency_id == d.current_agency_id == world.staff.commune.pk
    assert complaint in complaints_for(actor=world.staff.actor("specialist"))
    assert complaint not in complaints_for(actor=world.staff.actor("stranger"))
    assert not complaints_for(actor=actor_for_user(world.citizen)).exists()
    with pytest.raises(NotFound):
        complaint_answer(actor=world.staff.actor("stranger"), complaint_id=complaint.pk, answer="…")
    answered = complaint_answer(actor=world.staff.actor("specialist"), complaint_id=complaint.pk, answer="Đã xử lý")
    assert answered.status == ComplaintStatus.ANSWERED
    with pytest.raises(FeedbackNotAllowed):
        complaint_answer(actor=world.staff.actor("specialist"), complaint_id=complaint.pk, answer="Lần hai")
    with pytest.raises(InvalidFeedback):
        complaint_submit(actor=actor_for_user(world.citizen), dossier_id=d.pk, text="   ")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    figures = satisfaction_figures(agency_ids=[complaint.agency_id], date_from=tomorrow, date_to=tomorrow)
    assert figures.complaints == 0
