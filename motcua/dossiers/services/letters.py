"""Letters — văn bản: the processing agency asking the desk first, the apology with a new date (once, at
least one working day before the due date), and a leader's decision on drafted letters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import PAUSED, WORKING, LetterKind, LetterStatus, Verb
from motcua.dossiers.exceptions import Conflict, InvalidDossier, NotAllowed, TransitionNotAllowed
from motcua.dossiers.models import Dossier, Letter
from motcua.dossiers.policies import can_act_at, can_decide_letters
from motcua.dossiers.services import engine
from motcua.dossiers.services.pauses import draft_letter, issue_supplement, needs_leader, supplement_check
from motcua.workdays import apology_deadline


def dossier_ask_desk(
    *,
    actor: Actor,
    dossier_id: int,
    reason: str,
    items: Sequence[str] = (),
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The processing agency asks the one-stop desk for a supplement before the citizen is asked."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Say what is missing."), field="reason")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        engine.require_state(dossier, *WORKING)
        if not can_act_at(actor, dossier.current_agency_id, []):
            raise NotAllowed(_("Only the agency handling the dossier may ask its desk."))
        data = {"items": [str(i)[:300] for i in items][:50], "desk": dossier.agency_id}
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.DESK_SUPPLEMENT,
            to_state=dossier.state,
            at=at,
            reason=reason.strip(),
            data=data,
        )


def _apology_check(dossier: Dossier, new_due_at: dt.datetime, at: dt.datetime) -> None:
    engine.require_state(dossier, *WORKING, *PAUSED)
    if dossier.apologies >= settings.DOSSIERS_MAX_APOLOGIES:
        raise TransitionNotAllowed(_("A new appointment may be given only once."), code="apology_limit")
    if dossier.due_at is None:
        raise TransitionNotAllowed(_("The dossier has no appointment date to move."))
    latest = apology_deadline(engine.calendar_of(dossier.agency_id), dossier.due_at)
    if timezone.localdate(at) > latest:
        raise TransitionNotAllowed(
            _("The apology had to be issued by %(date)s (one working day before the due date).")
            % {"date": f"{latest:%d/%m/%Y}"},
            code="apology_too_late",
        )
    if new_due_at <= dossier.due_at:
        raise InvalidDossier(_("The new date must be after the current appointment."), field="new_due_at")


def _issue_apology(actor: Actor, dossier: Dossier, reason: str, new_due_at: dt.datetime, at: dt.datetime) -> Dossier:
    changes = {
        "due_at": new_due_at,
        "apologies": dossier.apologies + 1,
        "original_due_at": dossier.original_due_at or dossier.due_at,
    }
    data = {"before": dossier.due_at.isoformat() if dossier.due_at else None, "new_due_at": new_due_at.isoformat()}
    return engine.commit(
        actor=actor,
        dossier=dossier,
        verb=Verb.APOLOGISE,
        to_state=dossier.state,
        at=at,
        changes=changes,
        reason=reason,
        data=data,
    )


def dossier_apologise(
    *,
    actor: Actor,
    dossier_id: int,
    reason: str,
    new_due_at: dt.datetime,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Apology and new appointment (Mẫu 04): once, no later than one working day before the due date."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Give the reason for the delay."), field="reason")
    if timezone.is_naive(new_due_at):
        raise InvalidDossier(_("Give the date and time with its offset."), field="new_due_at")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        if not can_act_at(actor, dossier.current_agency_id, []):
            raise NotAllowed(_("Only the agency handling the dossier may apologise for it."))
        _apology_check(dossier, new_due_at, at)
        if needs_leader(actor, dossier.current_agency_id):
            return draft_letter(actor, dossier, LetterKind.APOLOGY, reason.strip(), at, [], new_due_at)
        return _issue_apology(actor, dossier, reason.strip(), new_due_at, at)


def dossier_letter_decide(
    *,
    actor: Actor,
    dossier_id: int,
    letter_id: int,
    approve: bool,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """A leader approves (the letter goes out and takes effect) or rejects a drafted letter."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id, version)
        if not can_decide_letters(actor, dossier.current_agency_id):
            raise NotAllowed(_("Only a leader of the agency handling the dossier may decide on its letters."))
        letter = Letter.objects.filter(pk=letter_id, dossier_id=dossier.pk).first()
        if letter is None:
            raise InvalidDossier(_("No such letter for this dossier."), field="letter")
        status = LetterStatus.ISSUED if approve else LetterStatus.REJECTED
        if (
            Letter.objects.filter(pk=letter.pk, status=LetterStatus.DRAFT).update(
                status=status, decided_by_id=actor.user_id
            )
            != 1
        ):
            raise Conflict(_("This letter was already decided."))
        if not approve:
            data = {"letter": letter.pk, "decision": "rejected"}
            return engine.commit(
                actor=actor,
                dossier=dossier,
                verb=Verb.DRAFT_LETTER,
                to_state=dossier.state,
                at=at,
                reason=note,
                data=data,
            )
        if letter.kind == LetterKind.SUPPLEMENT:
            supplement_check(actor, dossier)
            return issue_supplement(actor, dossier, letter.reason, list(letter.items), at)
        assert letter.new_due_at is not None
        _apology_check(dossier, letter.new_due_at, at)
        return _issue_apology(actor, dossier, letter.reason, letter.new_due_at, at)
