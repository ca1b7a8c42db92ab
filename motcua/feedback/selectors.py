"""Reads of feedback, scoped by the caller: the citizen's own, an agency's complaints, satisfaction figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from motcua.dossiers.actors import Actor
from motcua.feedback.constants import DISLIKE, ComplaintStatus
from motcua.feedback.models import Complaint, Rating


def rating_of(*, actor: Actor, dossier_id: int) -> Rating | None:
    """The rating of one of the citizen's dossiers, if given."""
    if actor.user_id is None:
        return None
    return Rating.objects.filter(dossier_id=dossier_id, dossier__submitter_user_id=actor.user_id).first()


def complaints_of(*, actor: Actor, dossier_id: int) -> list[Complaint]:
    """The complaints the citizen sent about one of their dossiers, newest first."""
    if actor.user_id is None:
        return []
    return list(Complaint.objects.filter(dossier_id=dossier_id, user_id=actor.user_id))


def complaints_for(*, actor: Actor, status: str | None = None) -> QuerySet[Complaint]:
    """Complaints that reached the official's agencies (every agency for a city operator)."""
    complaints = Complaint.objects.select_related("dossier", "agency")
    if actor.kind != "official":
        return complaints.none()
    if not actor.city_operator:
        complaints = complaints.filter(agency_id__in=actor.agencies)
    if status in ComplaintStatus.values:
        complaints = complaints.filter(status=status)
    return complaints


@dataclass(frozen=True)
class Satisfaction:
    """Ratings and complaints of some agencies over a period (inputs of Decision 766 indicator 5.4)."""

    ratings: int
    by_level: dict[int, int]
    dislikes: int
    complaints: int
    dossiers_with_complaints: int


def satisfaction_figures(*, agency_ids: Iterable[int], date_from: dt.date, date_to: dt.date) -> Satisfaction:
    """Counts for the statistics app; the caller has already scoped ``agency_ids``."""
    ids = list(agency_ids)
    ratings = Rating.objects.filter(agency_id__in=ids, created_at__date__gte=date_from, created_at__date__lte=date_to)
    by_level = {row["level"]: row["n"] for row in ratings.values("level").annotate(n=Count("id")).order_by()}
    complaints = Complaint.objects.filter(
        agency_id__in=ids, created_at__date__gte=date_from, created_at__date__lte=date_to
    )
    return Satisfaction(
        ratings=sum(by_level.values()),
        by_level=by_level,
        dislikes=sum(n for level, n in by_level.items() if level in DISLIKE),
        complaints=complaints.count(),
        dossiers_with_complaints=complaints.values("dossier_id").distinct().count(),
    )
