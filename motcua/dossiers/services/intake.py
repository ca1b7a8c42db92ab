"""Reception — tiếp nhận: filing a dossier, its code, and the desk's decision (receive, refuse, ask to complete)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ParamSpec

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.constants import ActionKind
from motcua.catalog.definition import ProcedureDefinition, Process
from motcua.core.db import insert_instances, insert_together
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import NATIONAL_STATUS, STATE_OF_STEP_STATUS, State, Verb
from motcua.dossiers.exceptions import InvalidDossier, NotAllowed
from motcua.dossiers.gates import reception_blockers
from motcua.dossiers.models import AuditEntry, Dossier, DossierComponent, DossierVisit
from motcua.dossiers.policies import can_create, can_receive, can_speak_for_citizen
from motcua.dossiers.services import engine
from motcua.dossiers.services.filing import (
    ComponentIn,
    PartyIn,
    component_row,
    filing_check,
    next_code_and_key,
    party_check,
)
from motcua.dossiers.services.groups import spawn_children
from motcua.dossiers.services.reception import deciding_agency_of
from motcua.workdays import deadline, is_working_day, next_working_day

P = ParamSpec("P")


_BY_REFERENCE_SQL = (
    f"SELECT id FROM {Dossier._meta.db_table} WHERE client_id = %s AND client_reference = %s"  # noqa: S608 — our table name; values are parameters
    " AND client_reference <> ''"  # the partial unique index's condition, which the planner must see
)


def _filed_before(client_id: int, reference: str) -> Dossier | None:
    """The dossier an API client already filed with ``reference`` (one index probe; a retry is rare)."""
    with connection.cursor() as cursor:
        cursor.execute(_BY_REFERENCE_SQL, [client_id, reference])
        row = cursor.fetchone()
    return Dossier.objects.get(pk=row[0]) if row is not None else None


def dossier_file(
    *,
    actor: Actor,
    agency_id: int,
    procedure_code: str,
    channel: str,
    submitter: PartyIn,
    owner: PartyIn | None = None,
    case_code: str = "",
    summary: str = "",
    form_data: dict[str, Any] | None = None,
    components: Sequence[ComponentIn] = (),
    client_reference: str = "",
    procedure_version: int | None = None,
    receive: bool = False,
    at: dt.datetime | None = None,
    parent_id: int | None = None,
) -> tuple[Dossier, list[DossierComponent] | None]:
    """File a dossier (nộp hồ sơ); with ``receive`` the desk receives it at once (counter intake). Returns the
    dossier and the components it was made with (the caller's answer needs no re-read), or None for them when
    the dossier existed already.

    Idempotent per API client and ``client_reference``: the same reference returns the dossier already made.
    """
    at = at or timezone.now()
    try:
        agency_code = engine.active_agency_code(agency_id)
        if agency_code is None:
            raise InvalidDossier(_("Unknown receiving agency."), field="agency", code="unknown_agency")
        if not can_create(actor, agency_id):
            raise NotAllowed(_("You may not file dossiers at this agency."))
        try:
            version_id = engine.version_in_force(procedure_code, procedure_version, timezone.localdate(at))
        except NotFound as exc:
            raise InvalidDossier(exc.detail, field="procedure", code="unknown_procedure") from exc
        definition = engine.definition_of(version_id)
        party_check(submitter, "submitter")
        owner = owner or submitter
        party_check(owner, "owner")
        form_data = form_data or {}
        if parent_id is None:  # a linked child takes what its group received
            filing_check(definition, channel, case_code, form_data, components)
        process = engine.process_of(definition, case_code)
        start = engine.step_of(process, process.start)
        start_agency = engine.step_agency(start.agency, agency_id)
        with transaction.atomic():
            code, key = next_code_and_key(agency_id, agency_code, timezone.localdate(at))
            dossier = Dossier(
                pk=key,
                code=code,
                agency_id=agency_id,
                procedure_version_id=version_id,
                procedure_code=definition.code,
                procedure_name=definition.name[:500],
                case_code=case_code,
                channel=channel,
                client_id=actor.client_id,
                client_reference=client_reference if actor.client_id else "",
                submitter_user_id=actor.user_id if actor.kind == "citizen" else None,
                submitter_kind=submitter.kind,
                submitter_name=submitter.name[:150],
                submitter_id_number=submitter.id_number,
                submitter_phone=submitter.phone[:20],
                submitter_email=submitter.email[:254],
                submitter_address=submitter.address[:300],
                owner_kind=owner.kind,
                owner_name=owner.name[:150],
                owner_id_number=owner.id_number,
                owner_address=owner.address[:300],
                summary=summary[:1000],
                form_data=form_data,
                state=State.SUBMITTED,
                national_status=NATIONAL_STATUS[State.SUBMITTED],
                step=start.id,
                step_started_at=at,
                current_agency_id=start_agency,
                submitted_at=at,
                parent_id=parent_id,
            )
            entries = [_entry(actor, dossier, Verb.SUBMIT, State.SUBMITTED, at, "", start_agency, {})]
            if receive:
                changes, to_state, data = _receive_changes(actor, dossier, definition, process, None, at)
                entries.append(
                    _entry(
                        actor,
                        dossier,
                        Verb.RECEIVE,
                        to_state,
                        at,
                        entries[-1].hash,
                        changes["current_agency_id"],
                        data,
                        changes["step"],
                    )
                )
                for name, value in changes.items():
                    setattr(dossier, name, value)
                dossier.state, dossier.national_status = to_state, NATIONAL_STATUS[to_state]
            dossier.audit_seq, dossier.audit_hash = len(entries), entries[-1].hash
            # without the ORM, whose compilation of fifty columns cost more than the insert; with the dossier's id
            # reserved (PostgreSQL), its rows go out in one statement
            if key is None:
                insert_instances([dossier])
            for entry in entries:
                entry.dossier_id = dossier.pk
            rows = [component_row(dossier, c) for c in components]
            insert_together([[dossier] if key is not None else [], entries, rows])
            if start_agency not in (agency_id, dossier.current_agency_id):
                DossierVisit.objects.create(dossier_id=dossier.pk, agency_id=start_agency)
            engine.announce(dossier.pk, entries[-1].verb, dossier.national_status)
            if definition.parts and parent_id is None:
                spawn_children(
                    dossier,
                    definition.parts,
                    lambda code: dossier_submit(
                        actor=actor,
                        agency_id=agency_id,
                        procedure_code=code,
                        channel=channel,
                        submitter=submitter,
                        owner=owner,
                        summary=summary,
                        form_data=form_data,
                        components=components,
                        receive=receive,
                        at=at,
                        parent_id=dossier.pk,
                    ),
                )
        return dossier, rows
    except (IntegrityError, DomainError):
        # A retry: the reference's unique index refused the copy (or what was valid the first time is not now).
        # Looking the reference up only here spares every first filing a query.
        if actor.client_id and client_reference:
            existing = _filed_before(actor.client_id, client_reference)
            if existing is not None:
                return existing, None
        raise


def _dossier_only(file: Callable[P, tuple[Dossier, Any]]) -> Callable[P, Dossier]:
    def submit(*args: P.args, **kwargs: P.kwargs) -> Dossier:
        return file(*args, **kwargs)[0]

    submit.__doc__ = "File a dossier (nộp hồ sơ) and return it: :func:`dossier_file` without the components."
    return submit


dossier_submit = _dossier_only(dossier_file)


def _entry(
    actor: Actor,
    dossier: Dossier,
    verb: str,
    to_state: str,
    at: dt.datetime,
    prev: str,
    to_agency: int,
    data: dict[str, Any],
    to_step: str | None = None,
) -> AuditEntry:
    seq = 1 if not prev else 2
    from_state = "" if seq == 1 else State.SUBMITTED
    return engine.new_entry(
        actor=actor,
        dossier=dossier,
        verb=verb,
        to_state=to_state,
        at=at,
        to_step=to_step or dossier.step,
        to_agency=to_agency,
        seq=seq,
        prev=prev,
        data=data,
        from_state=from_state,
    )


def _receive_changes(
    actor: Actor,
    dossier: Dossier,
    definition: ProcedureDefinition,
    process: Process,
    action_id: str | None,
    at: dt.datetime,
) -> tuple[dict[str, Any], State, dict[str, Any]]:
    action = engine.pick_action(process, dossier.step, engine.action_kinds(ActionKind.ACCEPT), action_id)
    if not can_receive(actor, dossier.current_agency_id, action.actors):
        raise NotAllowed(_("Only the one-stop officers of the receiving agency may receive this dossier."))
    target = engine.step_of(process, action.target)
    to_agency = engine.step_agency(target.agency, dossier.agency_id)
    changes: dict[str, Any] = {
        "step": target.id,
        "previous_step": dossier.step,
        "step_started_at": at,
        "current_agency_id": to_agency,
        "received_at": at,
        "assignee_id": None,
    }
    data = engine.step_data(process, dossier, at, action=action.id)
    time = engine.statutory_time(definition, dossier.channel, dossier.case_code)
    if time is not None:
        amount, unit = time
        due = deadline(engine.calendar_of(dossier.agency_id), at, Decimal(str(amount)), unit)
        changes |= {
            "clock_started_at": due.start_effective,
            "due_at": due.due,
            "statutory_amount": amount,
            "statutory_unit": unit,
        }
        data |= {"due_at": due.due.isoformat(), "statutory": f"{amount:g} {unit}"}
    else:
        changes["clock_started_at"] = at
    data["transfer_by"] = transfer_day(dossier.agency_id, at).isoformat()
    changes["deciding_agency_id"] = deciding_agency_of(process, dossier.agency_id)
    return changes, STATE_OF_STEP_STATUS.get(target.status, State.IN_PROCESS), data


def dossier_receive(
    *,
    actor: Actor,
    dossier_id: int,
    version: int | None = None,
    action_id: str | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Receive a valid dossier (tiếp nhận): the clock starts and the appointment date is set (Mẫu 01)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.SUBMITTED)
        if blockers := reception_blockers(dossier):
            raise NotAllowed(blockers[0])
        definition = engine.definition_of(dossier.procedure_version_id)
        process = engine.process_of(definition, dossier.case_code)
        changes, to_state, data = _receive_changes(actor, dossier, definition, process, action_id, at)
        received = engine.commit(
            actor=actor, dossier=dossier, verb=Verb.RECEIVE, to_state=to_state, at=at, changes=changes, data=data
        )
        waiting = list(Dossier.objects.filter(parent_id=dossier.pk, state=State.SUBMITTED).values_list("id", flat=True))
        if waiting:  # an interconnected group is received as a whole
            children = [dossier_receive(actor=actor, dossier_id=child, at=at) for child in waiting]
            latest = max((c.due_at for c in children if c.due_at is not None), default=None)
            if latest is not None and received.due_at is not None and latest > received.due_at:
                Dossier.objects.filter(pk=received.pk).update(due_at=latest, original_due_at=latest)
                received.due_at = received.original_due_at = latest
        return received


def dossier_refuse(
    *, actor: Actor, dossier_id: int, reason: str, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Refuse at reception with a reason (từ chối tiếp nhận, Mẫu 03)."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Give the reason for refusing."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.SUBMITTED, State.INCOMPLETE)
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        refusals = engine.actions_from(process, dossier.step, ActionKind.REFUSE)
        if not can_receive(actor, dossier.current_agency_id, refusals[0].actors if refusals else []):
            raise NotAllowed(_("Only the one-stop officers of the receiving agency may refuse this dossier."))
        changes: dict[str, Any] = {"finished_at": at}
        if refusals:
            changes |= {"step": refusals[0].target, "previous_step": dossier.step, "step_started_at": at}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.REFUSE,
            to_state=State.REFUSED,
            at=at,
            changes=changes,
            reason=reason.strip(),
        )


def dossier_ask_to_complete(
    *,
    actor: Actor,
    dossier_id: int,
    reason: str,
    items: Sequence[str] = (),
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the citizen to complete the dossier before reception (Mẫu 02 at reception; the clock has not started)."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Say what must be completed."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.SUBMITTED)
        if not can_receive(actor, dossier.current_agency_id, []):
            raise NotAllowed(_("Only the one-stop officers of the receiving agency may do this."))
        data = {"items": [str(i)[:300] for i in items][:50]}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.ASK_TO_COMPLETE,
            to_state=State.INCOMPLETE,
            at=at,
            reason=reason.strip(),
            data=data,
        )


def dossier_resubmit(
    *,
    actor: Actor,
    dossier_id: int,
    components: Sequence[ComponentIn] = (),
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The citizen (or the desk for them) hands in what was missing; the dossier awaits reception again."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.INCOMPLETE)
        if not can_speak_for_citizen(actor, dossier.submitter_user_id, dossier.agency_id):
            raise NotAllowed(_("Only the citizen or the receiving desk may complete this dossier."))
        added = [component_row(dossier, c) for c in components]
        for item in added:
            item.supplemented = True
        DossierComponent.objects.bulk_create(added)
        data = {"components": [c.name for c in added]}
        return engine.commit(
            actor=actor, dossier=dossier, verb=Verb.RESUBMIT, to_state=State.SUBMITTED, at=at, reason=note, data=data
        )


def transfer_day(agency_id: int, at: dt.datetime) -> dt.date:
    """The day a dossier received at ``at`` must reach the competent agency: the same working day, or the
    next one when received after the cut-off (``DOSSIERS_TRANSFER_CUTOFF``, 15:00) or on a day off."""
    hour, minute = (int(x) for x in str(settings.DOSSIERS_TRANSFER_CUTOFF).split(":"))
    local = timezone.localtime(at)
    calendar = engine.calendar_of(agency_id)
    if (local.hour, local.minute) > (hour, minute) or not is_working_day(calendar, local.date()):
        return next_working_day(calendar, local.date())
    return local.date()
