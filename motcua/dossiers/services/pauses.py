"""Pauses of the legal clock — tạm dừng: the supplement request (once) and its answer or lapse, and waiting
for a financial obligation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import Role
from motcua.catalog.constants import ActionKind
from motcua.dossiers.actors import SYSTEM, Actor
from motcua.dossiers.constants import WORKING, LetterKind, State, Verb
from motcua.dossiers.exceptions import Conflict, InvalidDossier, NotAllowed, TransitionNotAllowed
from motcua.dossiers.models import Dossier, DossierComponent, Letter, Pause
from motcua.dossiers.policies import can_act_at, can_speak_for_citizen
from motcua.dossiers.services import engine
from motcua.workdays import deadline, extend_for_pauses


def open_pause(dossier: Dossier, reason: str, at: dt.datetime) -> dict[str, Any]:
    Pause.objects.create(dossier=dossier, reason=reason, started_at=at)
    return {"paused_at": at, "resume_state": dossier.state}


def close_pause(dossier: Dossier, at: dt.datetime, *, extend: bool = True) -> dict[str, Any]:
    """End the open pause; the appointment moves by the working time it lasted (workdays.extend_for_pauses)."""
    if dossier.paused_at is None:
        return {}
    Pause.objects.filter(dossier_id=dossier.pk, ended_at__isnull=True).update(ended_at=at)
    changes: dict[str, Any] = {"paused_at": None, "supplement_due_at": None}
    if extend and dossier.due_at is not None:
        calendar = engine.calendar_of(dossier.agency_id)
        changes["due_at"] = extend_for_pauses(
            calendar, dossier.due_at, [(dossier.paused_at, at)], clock_start=dossier.clock_started_at
        )
    return changes


def needs_leader(actor: Actor, agency_id: int) -> bool:
    """A specialist's letter waits for a leader's approval (setting DOSSIERS_LETTERS_NEED_LEADER)."""
    return (
        bool(settings.DOSSIERS_LETTERS_NEED_LEADER)
        and actor.kind == "official"
        and not actor.has_role(agency_id, Role.LEADER)
    )


def draft_letter(
    actor: Actor,
    dossier: Dossier,
    kind: str,
    reason: str,
    at: dt.datetime,
    items: list[str],
    new_due_at: dt.datetime | None = None,
) -> Dossier:
    letter = Letter.objects.create(
        dossier=dossier, kind=kind, reason=reason, items=items, new_due_at=new_due_at, drafted_by_id=actor.user_id
    )
    data = {"letter": letter.pk, "kind": kind, "new_due_at": new_due_at.isoformat() if new_due_at else None}
    return engine.commit(
        actor=actor, dossier=dossier, verb=Verb.DRAFT_LETTER, to_state=dossier.state, at=at, reason=reason, data=data
    )


def supplement_check(actor: Actor, dossier: Dossier) -> None:
    engine.require_state(dossier, *WORKING)
    if dossier.supplements >= settings.DOSSIERS_MAX_SUPPLEMENTS:
        raise TransitionNotAllowed(
            _("A supplement may be requested only once during the whole process."), code="supplement_limit"
        )
    process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
    actions = engine.actions_from(process, dossier.step, ActionKind.REQUEST_SUPPLEMENT)
    roles = actions[0].actors if actions else [Role.SPECIALIST, Role.LEADER]
    at_step = can_act_at(actor, dossier.current_agency_id, [*roles, Role.LEADER])
    if not (at_step or can_act_at(actor, dossier.agency_id, [Role.ONE_STOP_OFFICER])):
        raise NotAllowed(_("Only the agency handling the dossier or its one-stop desk may request a supplement."))


def issue_supplement(actor: Actor, dossier: Dossier, reason: str, items: list[str], at: dt.datetime) -> Dossier:
    calendar = engine.calendar_of(dossier.agency_id)
    answer_by = deadline(calendar, at, settings.DOSSIERS_SUPPLEMENT_DAYS, "working_days").due
    changes = open_pause(dossier, State.SUPPLEMENT, at) | {
        "supplements": dossier.supplements + 1,
        "supplement_due_at": answer_by,
    }
    data = {"items": items, "answer_by": answer_by.isoformat()}
    return engine.commit(
        actor=actor,
        dossier=dossier,
        verb=Verb.REQUEST_SUPPLEMENT,
        to_state=State.SUPPLEMENT,
        at=at,
        changes=changes,
        reason=reason,
        data=data,
    )


def dossier_request_supplement(
    *,
    actor: Actor,
    dossier_id: int,
    reason: str,
    items: Sequence[str] = (),
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the citizen for a supplement (yêu cầu bổ sung, Mẫu 02): once; the clock pauses until the answer.

    A specialist's request is a draft until a leader approves it (:func:`dossier_letter_decide`)."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Say what must be supplemented and why."), field="reason")
    listed = [str(i)[:300] for i in items][:50]
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        supplement_check(actor, dossier)
        if needs_leader(actor, dossier.current_agency_id) and not actor.has_role(
            dossier.agency_id, Role.ONE_STOP_OFFICER
        ):
            return draft_letter(actor, dossier, LetterKind.SUPPLEMENT, reason.strip(), at, listed)
        return issue_supplement(actor, dossier, reason.strip(), listed, at)


def dossier_supplement_answer(
    *,
    actor: Actor,
    dossier_id: int,
    components: Sequence[Any] = (),
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The citizen's supplement (công dân bổ sung): the clock resumes and the appointment moves by the pause."""
    from motcua.dossiers.services.filing import component_row

    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.SUPPLEMENT)
        if not can_speak_for_citizen(actor, dossier.submitter_user_id, dossier.agency_id):
            raise NotAllowed(_("Only the citizen or the receiving desk may hand in the supplement."))
        added = [component_row(dossier, c) for c in components]
        for item in added:
            item.supplemented = True
        DossierComponent.objects.bulk_create(added)
        changes = close_pause(dossier, at)
        to_state = dossier.resume_state if dossier.resume_state in WORKING else State.IN_PROCESS
        data = {"components": [c.name for c in added], "due_at": changes.get("due_at")}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.SUPPLEMENT_ANSWER,
            to_state=to_state,
            at=at,
            changes=changes,
            reason=note,
            data=data,
        )


def dossier_supplement_lapse(
    *, actor: Actor = SYSTEM, dossier_id: int, at: dt.datetime | None = None
) -> Dossier | None:
    """The citizen did not answer in time: the dossier is stopped (setting DOSSIERS_SUPPLEMENT_LAPSED)."""
    at = at or timezone.now()
    if settings.DOSSIERS_SUPPLEMENT_LAPSED != "stop":
        return None
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        if dossier.state != State.SUPPLEMENT or dossier.supplement_due_at is None or dossier.supplement_due_at > at:
            return None
        changes = close_pause(dossier, at, extend=False) | {"finished_at": at}
        reason = _("The supplement was not handed in by %(date)s.") % {
            "date": f"{timezone.localtime(dossier.supplement_due_at):%d/%m/%Y %H:%M}"
        }
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.SUPPLEMENT_LAPSED,
            to_state=State.STOPPED,
            at=at,
            changes=changes,
            reason=reason,
        )


def dossiers_lapse_supplements(*, at: dt.datetime | None = None) -> int:
    """Stop every dossier whose supplement deadline has passed (run by a periodic task); how many."""
    at = at or timezone.now()
    ids = list(Dossier.objects.filter(state=State.SUPPLEMENT, supplement_due_at__lt=at).values_list("id", flat=True))
    done = 0
    for dossier_id in ids:
        try:
            done += dossier_supplement_lapse(dossier_id=dossier_id, at=at) is not None
        except Conflict:
            continue
    return done


def dossier_request_payment(
    *,
    actor: Actor,
    dossier_id: int,
    amount_vnd: int,
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask for a fee or a financial obligation (yêu cầu thực hiện nghĩa vụ tài chính, status 6)."""
    at = at or timezone.now()
    if amount_vnd <= 0:
        raise InvalidDossier(_("The amount must be positive."), field="amount_vnd")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING)
        process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
        actions = engine.actions_from(process, dossier.step, ActionKind.REQUEST_PAYMENT)
        if not can_act_at(actor, dossier.current_agency_id, actions[0].actors if actions else []):
            raise NotAllowed(_("Only the roles of the step's agency may take this action."))
        changes: dict[str, Any] = {"resume_state": dossier.state}
        if settings.DOSSIERS_PAYMENT_PAUSES_CLOCK:
            changes = open_pause(dossier, State.AWAITING_PAYMENT, at)
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.REQUEST_PAYMENT,
            to_state=State.AWAITING_PAYMENT,
            at=at,
            changes=changes,
            reason=reason,
            data={"amount_vnd": amount_vnd},
        )


def dossier_confirm_payment(
    *, actor: Actor, dossier_id: int, reference: str = "", version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """The obligation is paid: processing resumes (and the appointment moves by the pause, if it paused)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, State.AWAITING_PAYMENT)
        if not (can_act_at(actor, dossier.current_agency_id, []) or can_act_at(actor, dossier.agency_id, [])):
            raise NotAllowed(_("Only the agencies handling the dossier may confirm the payment."))
        changes = close_pause(dossier, at)
        to_state = dossier.resume_state if dossier.resume_state in WORKING else State.IN_PROCESS
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.PAYMENT_CONFIRM,
            to_state=to_state,
            at=at,
            changes=changes,
            data={"reference": reference[:100]},
        )
