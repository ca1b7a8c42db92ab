"""Vocabularies of feedback (ý kiến): the satisfaction scale of Decree 61/2018 and Decision 766, complaint states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import State


class Satisfaction(models.IntegerChoices):
    """Mức độ hài lòng: the five levels recorded for the Decision 766 satisfaction group (domain guide 4.1)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


#: Levels that count as a "dislike" in indicator 5.4 of Decision 766.
DISLIKE = frozenset({Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED})

#: A dossier may be rated once its result is ready or delivered (after the result, Decree 61 Art. 29).
RATABLE_STATES = frozenset({State.RESULT_READY, State.DELIVERED})


class ComplaintStatus(models.TextChoices):
    """Where a complaint about a dossier's handling (phản ánh, kiến nghị) stands."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
