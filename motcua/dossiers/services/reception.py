"""Reception regardless of administrative boundaries (tiếp nhận không phụ thuộc địa giới hành chính, Decree
118/2025): a desk takes a dossier for a procedure of another commune and forwards it to that commune's desk,
which receives and processes it. The dossier keeps the place of reception (``place_agency``), the official
receiving unit (``agency``) and the competent deciding agency (``deciding_agency``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import AgencyKind, Role
from motcua.agencies.models import Agency
from motcua.catalog.constants import ActionKind
from motcua.catalog.definition import Process
from motcua.core.errors import DomainError
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.exceptions import InvalidDossier, NotAllowed
from motcua.dossiers.models import Dossier
from motcua.dossiers.policies import can_act_at
from motcua.dossiers.services import engine

DESK_KINDS = (AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE)


def deciding_agency_of(process: Process, receiving_agency_id: int) -> int | None:
    """The agency of the step where the result is signed or approved, for this receiving agency."""
    for kind in (ActionKind.SIGN, ActionKind.APPROVE):
        for action in process.actions:
            if action.kind == kind:
                try:
                    return engine.step_agency(engine.step_of(process, action.source).agency, receiving_agency_id)
                except DomainError:
                    return None
    return None


def forward_targets(*, dossier: Dossier) -> list[tuple[int, str]]:
    """Desks a dossier may be forwarded to: the active one-stop desks of the same level, but its own."""
    return desks_besides(dossier.agency_id)


def desks_besides(agency_id: int) -> list[tuple[int, str]]:
    """The other active one-stop desks of the level of ``agency_id`` (id, name), by name."""
    desks = Agency.objects.filter(active=True, kind__in=DESK_KINDS).exclude(pk=agency_id)
    here = Agency.objects.filter(pk=agency_id).values_list("level", flat=True).first()
    if here:
        desks = desks.filter(level=here)
    return list(desks.order_by("name").values_list("pk", "name"))


def dossier_forward(
    *,
    actor: Actor,
    dossier_id: int,
    to_agency_id: int,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Forward a dossier not yet received to the competent commune's desk (chuyển hồ sơ đúng thẩm quyền);
    the forwarding desk stays the place of reception and keeps seeing the dossier."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.SUBMITTED)
        if not can_act_at(actor, dossier.current_agency_id, [Role.ONE_STOP_OFFICER]):
            raise NotAllowed(_("Only the one-stop officers holding the dossier may forward it."))
        target = Agency.objects.filter(pk=to_agency_id, active=True, kind__in=DESK_KINDS).first()
        if target is None or target.pk == dossier.agency_id:
            raise InvalidDossier(_("Choose the desk of the competent commune."), field="to_agency")
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        start = engine.step_agency(engine.step_of(process, dossier.step).agency, target.pk)
        changes = {
            "agency_id": target.pk,
            "current_agency_id": start,
            "place_agency_id": dossier.place_agency_id or dossier.agency_id,
            "deciding_agency_id": deciding_agency_of(process, target.pk),
        }
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.FORWARD,
            to_state=State.SUBMITTED,
            at=at,
            changes=changes,
            reason=reason.strip()[:500],
            data={"from": dossier.agency_id, "to": target.pk},
            roles=[Role.ONE_STOP_OFFICER],
        )
