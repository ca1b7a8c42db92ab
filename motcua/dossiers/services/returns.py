"""Returning the result (trả kết quả) as its own sub-flow: the issuing agency hands the result to the desk,
the desk confirms it has it, then the citizen collects it (their signature recorded) or asks for postal
delivery (the waybill recorded); both end with :func:`dossier_return` (status 10)."""

from __future__ import annotations

import datetime as dt
import struct

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.constants import Role
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.exceptions import InvalidDossier, NotAllowed, TransitionNotAllowed
from motcua.dossiers.models import Dossier, ResultEntry, ResultReturn, ResultStatus, ReturnStage
from motcua.dossiers.policies import can_act_at
from motcua.dossiers.postal import Parcel, postal_service
from motcua.dossiers.services import engine
from motcua.dossiers.services.processing import dossier_return
from motcua.dossiers.services.results import PUBLIC_DELIVERED, user_of
from motcua.signing.services import result_status_update

#: Largest signature image accepted (a 600×200 canvas drawing is a few kilobytes).
MAX_SIGNATURE_BYTES = 200_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def issuing_agency(dossier: Dossier) -> int:
    """The agency that issued the result: its latest register entry's, else the deciding agency."""
    latest = (
        ResultEntry.objects.filter(dossier_id=dossier.pk, status=ResultStatus.VALID)
        .order_by("-id")
        .values_list("agency_id", flat=True)
        .first()
    )
    return latest or dossier.deciding_agency_id or dossier.agency_id


def signature_check(png: bytes) -> None:
    """A real PNG image of reasonable size (not any file the browser was made to send)."""
    if not png:
        raise InvalidDossier(_("Ask the citizen to sign in the box."), field="signature")
    if len(png) > MAX_SIGNATURE_BYTES or not png.startswith(PNG_MAGIC) or png[12:16] != b"IHDR":
        raise InvalidDossier(_("The signature is not a valid image."), field="signature")
    width, height = struct.unpack(">II", png[16:24])
    if not (10 <= width <= 2000 and 10 <= height <= 1000) or not png.endswith(b"IEND\xaeB`\x82"):
        raise InvalidDossier(_("The signature is not a valid image."), field="signature")


def _stage(dossier: Dossier, *stages: str) -> ResultReturn:
    found = ResultReturn.objects.select_for_update().filter(dossier_id=dossier.pk).first()
    if found is None or found.stage not in stages:
        raise TransitionNotAllowed(_("The result is not at this stage of its return."))
    return found


def result_hand_to_desk(*, actor: Actor, dossier_id: int, at: dt.datetime | None = None) -> Dossier:
    """The issuing agency hands the result to the one-stop desk (chuyển kết quả cho Bộ phận Một cửa)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        engine.require_state(dossier, State.RESULT_READY)
        if not can_act_at(actor, issuing_agency(dossier), []):
            raise NotAllowed(_("Only the agency that issued the result may hand it to the desk."))
        if ResultReturn.objects.filter(dossier_id=dossier.pk).exists():
            raise TransitionNotAllowed(_("The result was already handed to the desk."))
        ResultReturn.objects.create(dossier_id=dossier.pk, stage=ReturnStage.HANDED, handed_at=at, handed_by=actor.name)
        return engine.commit(actor=actor, dossier=dossier, verb=Verb.RESULT_HANDED, to_state=dossier.state, at=at)


def result_desk_confirm(*, actor: Actor, dossier_id: int, at: dt.datetime | None = None) -> Dossier:
    """The desk confirms it has received the result (xác nhận đã nhận kết quả)."""
    at = at or timezone.now()
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        engine.require_state(dossier, State.RESULT_READY)
        if not can_act_at(actor, dossier.current_agency_id, [Role.ONE_STOP_OFFICER]):
            raise NotAllowed(_("Only the one-stop desk may confirm it has the result."))
        if not ResultReturn.objects.filter(dossier_id=dossier.pk).exists():
            # the agency brought the result without recording it: the desk's confirmation records both
            ResultReturn.objects.create(dossier_id=dossier.pk, stage=ReturnStage.HANDED, handed_at=at, handed_by="")
        handed = _stage(dossier, ReturnStage.HANDED)
        handed.stage, handed.confirmed_at, handed.confirmed_by = ReturnStage.CONFIRMED, at, actor.name[:150]
        handed.save(update_fields=["stage", "confirmed_at", "confirmed_by"])
        return engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.RESULT_CONFIRMED,
            to_state=dossier.state,
            at=at,
            roles=[Role.ONE_STOP_OFFICER],
        )


def _delivered(actor: Actor, dossier: Dossier) -> None:
    for reference in (
        ResultEntry.objects.filter(dossier_id=dossier.pk, status=ResultStatus.VALID)
        .exclude(reference="")
        .values_list("reference", flat=True)
    ):
        result_status_update(
            actor=user_of(actor), reference=reference, public_status=PUBLIC_DELIVERED.format(code=dossier.code)
        )


def result_collect(
    *,
    actor: Actor,
    dossier_id: int,
    collector_name: str,
    signature_png: bytes = b"",
    signed_on_paper: bool = False,
    at: dt.datetime | None = None,
) -> Dossier:
    """The citizen (or their proxy) collects the result at the desk and signs for it: on the screen (the
    drawing is kept as a PNG) or, when they cannot, in the paper register (the desk says so)."""
    at = at or timezone.now()
    if not collector_name.strip():
        raise InvalidDossier(_("Enter the name of the person collecting the result."), field="collector_name")
    if signature_png or not signed_on_paper:
        signature_check(signature_png)
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        engine.require_state(dossier, State.RESULT_READY)
        confirmed = _stage(dossier, ReturnStage.CONFIRMED)
        confirmed.stage, confirmed.finished_at = ReturnStage.COLLECTED, at
        confirmed.collector_name, confirmed.signature_png = collector_name.strip()[:150], signature_png or None
        confirmed.save(update_fields=["stage", "finished_at", "collector_name", "signature_png"])
        note = (
            _("Collected at the desk by %(name)s, who signed for it.")
            if signature_png
            else _("Collected at the desk by %(name)s, who signed the paper register.")
        ) % {"name": confirmed.collector_name}
        returned = dossier_return(actor=actor, dossier_id=dossier.pk, note=note, at=at)
        _delivered(actor, returned)
        return returned


def result_post(
    *, actor: Actor, dossier_id: int, address: str, phone: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The citizen asks for postal delivery: the postal service books it and its waybill is recorded."""
    at = at or timezone.now()
    if len(address.strip()) < 5:
        raise InvalidDossier(_("Enter the full postal address."), field="address")
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        engine.require_state(dossier, State.RESULT_READY)
        if not can_act_at(actor, dossier.current_agency_id, [Role.ONE_STOP_OFFICER]):
            raise NotAllowed(_("Only the one-stop desk may send the result."))
        confirmed = _stage(dossier, ReturnStage.CONFIRMED)
        service = postal_service()
        waybill = service.send(Parcel(dossier.code, dossier.owner_name, address.strip()[:300], phone.strip()[:20]))
        confirmed.stage, confirmed.finished_at = ReturnStage.POSTED, at
        confirmed.postal_service, confirmed.postal_address, confirmed.waybill = (
            service.service_id,
            address.strip()[:300],
            waybill[:60],
        )
        confirmed.save(update_fields=["stage", "finished_at", "postal_service", "postal_address", "waybill"])
        note = _("Sent by post, waybill %(waybill)s.") % {"waybill": confirmed.waybill}
        returned = dossier_return(actor=actor, dossier_id=dossier.pk, note=note, at=at)
        _delivered(actor, returned)
        return returned
