"""A dossier as the statistics see it (tóm tắt hồ sơ cho lãnh đạo): what a leader reaches from a figure's
drill-down for any dossier of their agency or the agencies under it, read-only — code, procedure, agencies,
dates, state, how the figures classify it and the public timeline; no personal data beyond the masked owner
name (the public tracking page's rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Agency
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.notifications.progress import PublicProgress, public_progress
from motcua.statistics.drilldown import measure_label
from motcua.statistics.models import ActiveSpan, DossierFact


@dataclass(frozen=True)
class DossierSummary:
    #: for the read log: the reader opened this dossier
    dossier_id: int
    progress: PublicProgress
    #: (role, agency name) of the receiving, current, place-of-reception and deciding agencies, each once
    agencies: list[tuple[str, str]]
    #: how Biểu 06 classifies it now (trước hạn / đúng hạn / quá hạn …), "" before the rollups count it
    classification: str
    #: resolved by the appointment day after more than one supplement request: late for Decision 766
    late_for_766: bool


def classify(fact: DossierFact | None, processing: bool, today: dt.date) -> str:
    """The figure this dossier falls in today: how it ended, or whether it is in progress within the deadline
    or overdue (appointment day before today); "" while paused or not yet counted."""
    if fact is None:
        return ""
    if fact.ended_as:
        return measure_label(fact.ended_as)
    if not processing:
        return ""
    overdue = fact.due_day is not None and fact.due_day < today
    return measure_label("in_progress_overdue" if overdue else "in_progress_within")


def dossier_summary(*, allowed: set[int], code: str, today: dt.date) -> DossierSummary:
    """The summary of the dossier ``code`` if its agency (the one its figures count for) is in ``allowed``;
    NotFound otherwise, the same answer as for a code that does not exist."""
    found = (
        Dossier.objects.filter(code=code.strip()[:40], agency_id__in=allowed)
        .values_list("pk", "agency_id", "current_agency_id", "place_agency_id", "deciding_agency_id")
        .first()
    )
    if found is None:
        raise NotFound(_("No dossier has this code."))
    pk, *agency_ids = found
    fact = DossierFact.objects.filter(pk=pk).first()
    processing = ActiveSpan.objects.filter(dossier_id=pk, end_day__isnull=True).exists()
    roles = (
        gettext_lazy("Receiving agency"),
        gettext_lazy("Current agency"),
        gettext_lazy("Place of reception"),
        gettext_lazy("Deciding agency"),
    )
    names = dict(Agency.objects.filter(pk__in=[a for a in agency_ids if a]).values_list("pk", "name"))
    agencies: list[tuple[str, str]] = []
    for role, agency_id in zip(roles, agency_ids, strict=True):
        name = names.get(agency_id or 0, "")
        if name and name not in (n for _r, n in agencies):
            agencies.append((str(role), name))
    return DossierSummary(
        dossier_id=pk,
        progress=public_progress(code),
        agencies=agencies,
        classification=classify(fact, processing, today),
        late_for_766=bool(fact and fact.late_supplements),
    )
