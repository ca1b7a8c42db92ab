"""The engine's core: the procedure version's process, agencies of steps, the legal clock, and
:func:`commit` — the compare-and-set UPDATE on state and version with its audit entry."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.constants import ActionKind, TimeUnit
from motcua.catalog.definition import Action, AgencyRef, ProcedureDefinition, Process, Step
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import agency_resolve, procedure_get
from motcua.core.errors import NotFound
from motcua.core.tasks import enqueue_after_commit
from motcua.dossiers.actors import Actor
from motcua.dossiers.audit import entry_hash
from motcua.dossiers.constants import NATIONAL_STATUS, State
from motcua.dossiers.exceptions import Conflict, InvalidDossier, StaleVersion, TransitionNotAllowed
from motcua.dossiers.models import AuditEntry, Dossier, DossierHandler, DossierVisit
from motcua.dossiers.signals import announcements_are_muted
from motcua.workdays import calendar_for, elapsed
from motcua.workdays.calendar import Calendar

_AGENCIES: dict[tuple[str, str, str, int], int | None] = {}
_VERSIONS: dict[tuple[str, int | None, dt.date], tuple[float, int]] = {}
#: Seconds a "version in force" answer is reused by this process (a newly published version waits this long).
VERSION_CACHE_SECONDS = 30.0


@lru_cache(maxsize=1024)
def definition_of(version_id: int) -> ProcedureDefinition:
    """The parsed definition of a (frozen, published) procedure version."""
    version = ProcedureVersion.objects.only("definition").get(pk=version_id)
    return ProcedureDefinition.model_validate(version.definition)


@lru_cache(maxsize=4096)
def _unit_of(agency_id: int) -> tuple[str, str]:
    unit_code, structure = Agency.objects.filter(pk=agency_id).values_list("unit__code", "unit__structure").get()
    return unit_code, structure


_CODES: dict[int, tuple[float, str | None]] = {}


def active_agency_code(agency_id: int) -> str | None:
    """The electronic identifier of an active agency (None if unknown or inactive), briefly cached per process."""
    hit = _CODES.get(agency_id)
    if hit is not None and time.monotonic() - hit[0] < VERSION_CACHE_SECONDS:
        return hit[1]
    code = Agency.objects.filter(pk=agency_id, active=True).values_list("code", flat=True).first()
    _CODES[agency_id] = (time.monotonic(), code)
    return code


def engine_cache_clear() -> None:
    """Forget cached definitions and agency resolutions (tests that rebuild reference data call it)."""
    definition_of.cache_clear()
    _unit_of.cache_clear()
    _AGENCIES.clear()
    _VERSIONS.clear()
    _CODES.clear()


def version_in_force(code: str, number: int | None, on: dt.date) -> int:
    """The id of the published version of ``code`` in force on ``on`` (or ``number``), briefly cached per process."""
    key = (code, number, on)
    hit = _VERSIONS.get(key)
    if hit is not None and time.monotonic() - hit[0] < VERSION_CACHE_SECONDS:
        return hit[1]
    _procedure, version = procedure_get(code=code, version=number, on=on)
    _VERSIONS[key] = (time.monotonic(), version.pk)
    return version.pk


def process_of(definition: ProcedureDefinition, case_code: str) -> Process:
    for process in definition.processes:
        if process.case in ("", case_code):
            return process
    raise InvalidDossier(_("The procedure has no process for this case."), field="case", code="no_process")


def step_of(process: Process, step_id: str) -> Step:
    for step in process.steps:
        if step.id == step_id:
            return step
    raise TransitionNotAllowed(_("The dossier is at a step its process does not know."))


def actions_from(process: Process, step_id: str, *kinds: str) -> list[Action]:
    return [a for a in process.actions if a.source == step_id and (not kinds or a.kind in kinds)]


def pick_action(process: Process, step_id: str, kinds: tuple[str, ...], action_id: str | None) -> Action:
    """The action of one of ``kinds`` leaving ``step_id`` (the one named ``action_id`` if given)."""
    candidates = actions_from(process, step_id, *kinds)
    if action_id:
        candidates = [a for a in candidates if a.id == action_id]
    if not candidates:
        raise TransitionNotAllowed(_("This action is not allowed at the dossier's current step."))
    return candidates[0]


def step_agency(ref: AgencyRef | None, receiving_agency_id: int) -> int:
    """The agency acting at a step, resolved for the receiving agency's unit (the receiving agency if none)."""
    if ref is None:
        return receiving_agency_id
    key = (str(ref.kind), str(ref.level), ref.name, receiving_agency_id)
    if key not in _AGENCIES:
        unit_code, structure = _unit_of(receiving_agency_id)
        found = agency_resolve(ref=ref, receiving_unit_code=unit_code, structure=structure)
        _AGENCIES[key] = found.pk if found is not None else None
    agency = _AGENCIES[key]
    if agency is None:
        raise InvalidDossier(
            _("No agency serves this step for the receiving agency."), field="agency", code="no_agency"
        )
    return agency


def statutory_time(definition: ProcedureDefinition, channel: str, case_code: str) -> tuple[float, str] | None:
    """The statutory time (amount, workdays unit) for the channel or case; None when unknown."""
    if case_code:
        for case in definition.cases:
            if case.code == case_code and case.time and case.time.amount is not None and case.time.unit:
                return _unit(case.time.amount, str(case.time.unit))
    rules = [r for r in definition.times if r.channel == channel and r.hours() is not None]
    rules = rules or [r for r in definition.times if r.channel is None and r.hours() is not None]
    if not rules:
        return None
    best = min(rules, key=lambda r: r.hours() or 0.0)
    assert best.amount is not None
    assert best.unit is not None
    return _unit(best.amount, str(best.unit))


def _unit(amount: float, unit: str) -> tuple[float, str]:
    if unit == TimeUnit.MONTHS:
        return amount * 22, TimeUnit.WORKING_DAYS.value
    if unit == TimeUnit.DAYS:
        return float(int(amount)), unit
    return amount, unit


def calendar_of(agency_id: int) -> Calendar:
    return calendar_for(agency_id)


def step_data(process: Process, dossier: Dossier, at: dt.datetime, **extra: Any) -> dict[str, Any]:
    """What an audit entry records about the step left: its budget and the working time spent there."""
    data: dict[str, Any] = {k: v for k, v in extra.items() if v not in (None, "")}
    try:
        step = step_of(process, dossier.step)
    except TransitionNotAllowed:
        return data
    if step.budget.hours() is not None:
        data["step_budget_hours"] = step.budget.hours()
    if dossier.step_started_at is not None and dossier.clock_started_at is not None:
        try:
            spent = elapsed(calendar_of(dossier.agency_id), dossier.step_started_at, at)
        except Exception:
            return data
        data["elapsed_seconds"] = int(spent.total_seconds())
    return data


def load(actor: Actor, dossier_id: int, version: int | None = None) -> Dossier:
    """The dossier if ``actor`` may see it (NotFound otherwise), checked against ``version`` if given."""
    dossier = Dossier.objects.visible_to(actor).filter(pk=dossier_id).first()
    if dossier is None:
        raise NotFound(_("No such dossier."))
    if version is not None and version != dossier.version:
        raise StaleVersion(
            _("The dossier changed since you read it (version %(mine)d, now %(now)d): reload it and try again.")
            % {"mine": version, "now": dossier.version}
        )
    return dossier


def require_state(dossier: Dossier, *states: str) -> None:
    if dossier.state not in states:
        raise TransitionNotAllowed(
            _("Not allowed while the dossier is “%(state)s”.") % {"state": State(dossier.state).label}
        )


def new_entry(
    *,
    actor: Actor,
    dossier: Dossier,
    verb: str,
    to_state: str,
    at: dt.datetime,
    to_step: str,
    to_agency: int,
    seq: int,
    prev: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    from_state: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        dossier_id=dossier.pk,
        seq=seq,
        at=at,
        verb=verb,
        actor_user_id=actor.user_id,
        actor_client_id=actor.client_id,
        actor_name=actor.name[:150],
        from_state=dossier.state if from_state is None else from_state,
        to_state=to_state,
        from_step=dossier.step,
        to_step=to_step,
        from_agency_id=dossier.current_agency_id,
        to_agency_id=to_agency,
        national_status=NATIONAL_STATUS[to_state],
        reason=reason,
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry, dossier.code)
    return entry


def commit(
    *,
    actor: Actor,
    dossier: Dossier,
    verb: str,
    to_state: str,
    at: dt.datetime,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    roles: Iterable[str] = (),
) -> Dossier:
    """Compare-and-set the dossier (state and version as loaded) and append its audit entry; call inside
    ``transaction.atomic()``. Raises :class:`Conflict` when someone else moved the dossier first.

    ``roles``: the roles the act needs, so that an act done by delegation records on whose behalf."""
    changes = dict(changes or {})
    to_step = changes.get("step", dossier.step)
    to_agency = changes.get("current_agency_id", dossier.current_agency_id)
    behalf_id, behalf_name = actor.on_behalf(dossier.current_agency_id, roles, dossier.assignee_id)
    if behalf_id:
        data = (data or {}) | {"on_behalf_of": {"user": behalf_id, "name": behalf_name}}
    if to_step != dossier.step or to_agency != dossier.current_agency_id:
        changes.setdefault("handler_due_at", None)
    entry = new_entry(
        actor=actor,
        dossier=dossier,
        verb=verb,
        to_state=to_state,
        at=at,
        to_step=to_step,
        to_agency=to_agency,
        seq=dossier.audit_seq + 1,
        prev=dossier.audit_hash,
        reason=reason,
        data=data,
    )
    fields = changes | {
        "state": to_state,
        "national_status": NATIONAL_STATUS[to_state],
        "version": dossier.version + 1,
        "audit_seq": entry.seq,
        "audit_hash": entry.hash,
    }
    updated = Dossier.objects.filter(pk=dossier.pk, state=dossier.state, version=dossier.version).update(**fields)
    if updated != 1:
        raise Conflict(_("Someone else changed this dossier at the same moment: reload it and try again."))
    entry.save(force_insert=True)
    if to_step != dossier.step or to_agency != dossier.current_agency_id:
        DossierHandler.objects.filter(dossier_id=dossier.pk, ended_at__isnull=True).update(ended_at=at)
    if to_agency != dossier.current_agency_id:
        # the agency left keeps seeing the dossier (receiving and current agencies see it by their columns)
        DossierVisit.objects.bulk_create(
            [DossierVisit(dossier_id=dossier.pk, agency_id=dossier.current_agency_id)], ignore_conflicts=True
        )
    for name, value in fields.items():
        setattr(dossier, name, value)
    announce(dossier.pk, verb, NATIONAL_STATUS[to_state])
    return dossier


def announce(dossier_id: int, verb: str, status: int) -> None:
    """Tell the other apps of a move once it is committed: one queued ``dossier_moved`` task, written inside the
    move's transaction with the database queue (the move and its announcement commit together)."""
    if announcements_are_muted():
        return
    from motcua.dossiers.tasks import dossier_moved  # the tasks module imports the services

    enqueue_after_commit(dossier_moved, dossier_id, verb, status)


def action_kinds(*kinds: ActionKind) -> tuple[str, ...]:
    return tuple(k.value for k in kinds)
