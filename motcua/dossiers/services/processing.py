"""Processing — giải quyết: assign, hand over, move along the process (transfer, approve), send back,
recall, return the result, withdraw, stop, and administrator corrections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.agencies.constants import Role
from motcua.agencies.models import Membership
from motcua.catalog.constants import ActionKind
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import CORRECTABLE, OPEN_STATES, PAUSED, STATE_OF_STEP_STATUS, WORKING, State, Verb
from motcua.dossiers.exceptions import InvalidDossier, NotAllowed, TransitionNotAllowed
from motcua.dossiers.models import AuditEntry, Dossier, HandlerKind
from motcua.dossiers.policies import can_act_at, can_assign, can_correct, can_hand_over, can_stop, can_withdraw
from motcua.dossiers.services import engine
from motcua.dossiers.services.groups import after_child_moved
from motcua.dossiers.services.handlers import handler_rows, may_handle, personal_deadline, replace_handlers
from motcua.dossiers.services.pauses import close_pause

FORWARD = engine.action_kinds(ActionKind.TRANSFER, ActionKind.APPROVE, ActionKind.SIGN)


def _member(user_id: int, agency_id: int, role: str | None) -> bool:
    rows = Membership.objects.current().filter(user_id=user_id, agency_id=agency_id, user__is_active=True)
    return (rows.filter(role=role) if role else rows).exists()


def dossier_assign(
    *,
    actor: Actor,
    dossier_id: int,
    assignee_id: int,
    co_handlers: Sequence[int] = (),
    observers: Sequence[int] = (),
    handler_days: float | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The leader assigns the step's main handler (phân công xử lý), optionally co-handlers, observers and a
    personal deadline in working days (capped by the dossier's due date)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING)
        if not can_assign(actor, dossier.current_agency_id):
            raise NotAllowed(_("Only a leader of the agency handling the dossier may assign it."))
        step = engine.step_of(
            engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code), dossier.step
        )
        if not _member(assignee_id, dossier.current_agency_id, step.role):
            raise InvalidDossier(_("The assignee does not hold the step's role in this agency."), field="assignee")
        rows = handler_rows(dossier, at, co_handlers, observers, assignee_id)
        due = personal_deadline(dossier, at, handler_days)
        data: dict[str, Any] = {"assignee": assignee_id}
        if rows:
            data["co_handlers"] = [r.user_id for r in rows if r.kind == HandlerKind.CO_HANDLER]
            data["observers"] = [r.user_id for r in rows if r.kind == HandlerKind.OBSERVER]
        if due is not None:
            data["handler_due_at"] = due.isoformat()
        assigned = engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.ASSIGN,
            to_state=State.IN_PROCESS,
            at=at,
            changes={"assignee_id": assignee_id, "handler_due_at": due},
            data=data,
            roles=[Role.LEADER],
        )
        replace_handlers(assigned, rows, at)
        return assigned


def dossier_hand_over(
    *,
    actor: Actor,
    dossier_id: int,
    colleague_id: int,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand the dossier to a colleague holding the same role in the same agency (chuyển người xử lý)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING, *PAUSED)
        step = engine.step_of(
            engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code), dossier.step
        )
        if not can_hand_over(actor, dossier.current_agency_id, dossier.assignee_id, step.role):
            raise NotAllowed(_("Only the handler or a leader may hand this dossier over."))
        if not _member(colleague_id, dossier.current_agency_id, step.role):
            raise InvalidDossier(_("The colleague does not hold the step's role in this agency."), field="colleague")
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.HAND_OVER,
            to_state=dossier.state,
            at=at,
            changes={"assignee_id": colleague_id},
            reason=reason,
            data={"from": dossier.assignee_id, "to": colleague_id},
        )


def _go(
    actor: Actor,
    dossier: Dossier,
    target_id: str,
    verb: str,
    at: dt.datetime,
    reason: str,
    extra: dict[str, Any],
    roles: Iterable[str] = (),
) -> Dossier:
    process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
    target = engine.step_of(process, target_id)
    to_state = STATE_OF_STEP_STATUS.get(target.status, State.IN_PROCESS)
    if to_state not in (State.RECEIVED, State.IN_PROCESS, State.RESULT_READY, State.DELIVERED):
        to_state = State.IN_PROCESS
    to_agency = engine.step_agency(target.agency, dossier.agency_id)
    changes: dict[str, Any] = {
        "step": target.id,
        "previous_step": dossier.step,
        "step_started_at": at,
        "current_agency_id": to_agency,
        "assignee_id": None,
    }
    if to_state in (State.RESULT_READY, State.DELIVERED) and dossier.finished_at is None:
        changes["finished_at"] = at
    if to_state == State.DELIVERED:
        changes["returned_at"] = at
    data = engine.step_data(process, dossier, at, **extra)
    moved = engine.commit(
        actor=actor,
        dossier=dossier,
        verb=verb,
        to_state=to_state,
        at=at,
        changes=changes,
        reason=reason,
        data=data,
        roles=roles,
    )
    if moved.parent_id is not None and to_state in (State.RESULT_READY, State.DELIVERED):
        after_child_moved(moved, at)
    return moved


def dossier_move(
    *,
    actor: Actor,
    dossier_id: int,
    action_id: str | None = None,
    kinds: tuple[str, ...] = FORWARD,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Take a forward action of the process from the current step (chuyển bước): transfer, approve, sign."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING)
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        action = engine.pick_action(process, dossier.step, kinds, action_id)
        if not can_act_at(actor, dossier.current_agency_id, action.actors):
            raise NotAllowed(_("Only the roles of the step's agency may take this action."))
        if not may_handle(actor, dossier):
            raise NotAllowed(_("Only the dossier's handlers or a leader of the agency may take this action."))
        extra = {"action": action.id, "kind": action.kind}
        return _go(actor, dossier, action.target, Verb.MOVE, at, reason, extra, action.actors)


def dossier_transfer(
    *,
    actor: Actor,
    dossier_id: int,
    action_id: str | None = None,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Transfer to the next step, agency or level (chuyển hồ sơ; commune → city department → commune)."""
    return dossier_move(
        actor=actor,
        dossier_id=dossier_id,
        action_id=action_id,
        kinds=engine.action_kinds(ActionKind.TRANSFER),
        reason=reason,
        version=version,
        at=at,
    )


def dossier_approve(
    *,
    actor: Actor,
    dossier_id: int,
    action_id: str | None = None,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The leader approves and signs (ký duyệt); the result is ready when the next step is the return."""
    kinds = engine.action_kinds(ActionKind.APPROVE, ActionKind.SIGN)
    return dossier_move(
        actor=actor, dossier_id=dossier_id, action_id=action_id, kinds=kinds, reason=reason, version=version, at=at
    )


def dossier_send_back(
    *, actor: Actor, dossier_id: int, reason: str, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Send the dossier back to the previous step (trả lại bước trước), with a reason."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Say why the dossier goes back."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING)
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        backs = engine.actions_from(process, dossier.step, ActionKind.SEND_BACK)
        target = backs[0].target if backs else dossier.previous_step
        if not target or (dossier.previous_step == "" and not backs):
            raise TransitionNotAllowed(_("There is no previous step to send the dossier back to."))
        if not can_act_at(actor, dossier.current_agency_id, backs[0].actors if backs else []):
            raise NotAllowed(_("Only the roles of the step's agency may take this action."))
        extra = {"action": backs[0].id if backs else ""}
        return _go(actor, dossier, target, Verb.SEND_BACK, at, reason.strip(), extra, backs[0].actors if backs else ())


def dossier_recall(
    *, actor: Actor, dossier_id: int, reason: str = "", version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Recall a dossier just sent (thu hồi): only its sender, only while nobody has acted on it since."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING, State.RESULT_READY)
        last = AuditEntry.objects.filter(dossier_id=dossier.pk, seq=dossier.audit_seq).first()
        mine = last is not None and (last.actor_user_id, last.actor_client_id) == (actor.user_id, actor.client_id)
        if last is None or last.verb not in (Verb.MOVE, Verb.SEND_BACK) or not mine or not last.from_step:
            raise TransitionNotAllowed(
                _("Only the last move can be recalled, by the one who made it, before anyone acts on it.")
            )
        state = last.from_state if last.from_state in WORKING else State.IN_PROCESS
        changes: dict[str, Any] = {
            "step": last.from_step,
            "previous_step": dossier.step,
            "step_started_at": at,
            "current_agency_id": last.from_agency_id or dossier.current_agency_id,
            "assignee_id": None,
            "finished_at": None,
        }
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.RECALL,
            to_state=state,
            at=at,
            changes=changes,
            reason=reason,
            data={"recalled": last.seq},
        )


def dossier_return(
    *, actor: Actor, dossier_id: int, note: str = "", version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Return the result to the citizen (trả kết quả): status 10."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.RESULT_READY)
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        action = engine.pick_action(process, dossier.step, engine.action_kinds(ActionKind.RETURN_RESULT), None)
        if not can_act_at(actor, dossier.current_agency_id, action.actors):
            raise NotAllowed(_("Only the one-stop desk may return the result."))
        return _go(actor, dossier, action.target, Verb.RETURN, at, note, {"action": action.id}, action.actors)


def dossier_withdraw(
    *, actor: Actor, dossier_id: int, reason: str, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """The citizen withdraws the dossier (rút hồ sơ, status 7), any time before the result is ready."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Give the reason for withdrawing."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *(OPEN_STATES - {State.RESULT_READY}))
        if not can_withdraw(actor, dossier.submitter_user_id, dossier.agency_id, dossier.current_agency_id):
            raise NotAllowed(_("Only the citizen or the agencies handling the dossier may record a withdrawal."))
        changes = close_pause(dossier, at, extend=False) | {"finished_at": at}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.WITHDRAW,
            to_state=State.WITHDRAWN,
            at=at,
            changes=changes,
            reason=reason.strip(),
        )


def dossier_stop(
    *, actor: Actor, dossier_id: int, reason: str, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Stop processing (dừng giải quyết, status 8, stop notice 05) on a legal ground, by a leader."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Give the legal ground for stopping."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING, *PAUSED)
        if not can_stop(actor, dossier.current_agency_id):
            raise NotAllowed(_("Only a leader of the agency handling the dossier may stop it."))
        changes = close_pause(dossier, at, extend=False) | {"finished_at": at}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.STOP,
            to_state=State.STOPPED,
            at=at,
            changes=changes,
            reason=reason.strip(),
        )


def dossier_correct(
    *,
    actor: Actor,
    dossier_id: int,
    field: str,
    value: str,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """An administrator corrects a field (e.g. a wrong appointment date): a new audit entry, never an edit of one."""
    at = at or timezone.now()
    if field not in CORRECTABLE:
        raise InvalidDossier(_("This field cannot be corrected."), field="field")
    if not reason.strip():
        raise InvalidDossier(_("Give the reason for the correction."), field="reason")
    new: Any = value[:1000]
    if field == "due_at":
        new = parse_datetime(value) if value else None
        if new is None or timezone.is_naive(new):
            raise InvalidDossier(
                _("Give the date and time with its offset, e.g. 2026-05-04T17:00:00+07:00."), field="value"
            )
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        if not can_correct(actor, {dossier.agency_id, dossier.current_agency_id}):
            raise NotAllowed(_("Only an administrator may correct a dossier."))
        before = getattr(dossier, field)
        data = {
            "field": field,
            "before": before.isoformat() if isinstance(before, dt.datetime) else before,
            "after": value,
        }
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.CORRECT,
            to_state=dossier.state,
            at=at,
            changes={field: new},
            reason=reason.strip(),
            data=data,
        )
