"""The leader signs dossiers' results from the worklist (ký số kết quả, one or a batch with one PIN entry):
render the result PDF, sign it with the leader's key (visible stamp and QR code to the verification page),
number it in the results register, register its hash, keep it as the dossier's e-result and in the citizen's
wallet, then take the step's sign action. Each dossier is its own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign.timestamps import TimeStamper

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Membership
from motcua.catalog.definition import Action
from motcua.core.errors import DomainError
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import WORKING, Verb
from motcua.dossiers.exceptions import NotAllowed
from motcua.dossiers.models import DocumentKind, Dossier, ResultEntry
from motcua.dossiers.policies import can_act_at
from motcua.dossiers.services import engine
from motcua.dossiers.services.documents import document_store
from motcua.dossiers.services.handlers import may_handle
from motcua.dossiers.services.processing import _go
from motcua.dossiers.services.results import PUBLIC_VALID, result_number_next, result_symbol
from motcua.dossiers.slips.forms import fonts
from motcua.dossiers.slips.render import html_to_pdf, when
from motcua.signing.providers import KeyProvider, key_provider
from motcua.signing.services import SigningSession, result_reference_new, result_register, signing_session
from motcua.signing.services.results import verification_url
from motcua.signing.stamp import Stamp
from motcua.signing.trust import Trust

#: What the result says when the procedure's definition gives no wording.
DEFAULT_RESULT = "Kết quả giải quyết thủ tục hành chính"
DECISION = "chấp thuận đề nghị của công dân, tổ chức có thông tin dưới đây và cấp kết quả giải quyết:"


@dataclass(frozen=True)
class SignOutcome:
    """What happened to one dossier of a batch."""

    dossier_id: int
    code: str
    entry: ResultEntry | None = None
    problem: str = ""


def signing_key_for(user: User) -> KeyProvider:
    """The leader's key under the deployment's provider: with key files (the demo), ``<username>.p12`` in
    ``SIGNING_PKI_DIR/people``; a token, HSM or remote service is configured by its own settings."""
    if settings.SIGNING_KEY_PROVIDER == "pkcs12":
        path = Path(settings.SIGNING_PKI_DIR) / "people" / f"{user.get_username()}.p12"
        return key_provider("pkcs12", path=str(path))
    return key_provider(settings.SIGNING_KEY_PROVIDER)


def wallet_owner(dossier: Dossier) -> User | None:
    """The citizen account that receives the e-result: the submitter's, else the owner's by personal ID."""
    if dossier.submitter_user_id is not None:
        return User.objects.filter(pk=dossier.submitter_user_id).first()
    return User.objects.filter(kind=UserKind.CITIZEN, personal_id=dossier.owner_id_number, is_active=True).first()


def _check(actor: Actor, dossier: Dossier) -> Action:
    """The sign action open to ``actor`` now, or NotAllowed."""
    engine.require_state(dossier, *WORKING)
    process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
    actions = engine.actions_from(process, dossier.step, "sign")
    if not actions or not can_act_at(actor, dossier.current_agency_id, actions[0].actors):
        raise NotAllowed(_("This dossier is not waiting for your signature."))
    if not may_handle(actor, dossier):
        raise NotAllowed(_("Only the dossier's handlers or a leader of the agency may take this action."))
    return actions[0]


def _context(dossier: Dossier, entry: ResultEntry, agency: Agency, title: str, reference: str) -> dict[str, Any]:
    return {
        "d": dossier,
        "title": entry.name,
        "result_name": entry.name,
        "number": entry.label,
        "unit_name": agency.name,
        "parent_name": agency.parent.name if agency.parent else "",
        "place": agency.unit.name,
        "today": entry.issued_on,
        "received": when(dossier.received_at),
        "decision": DECISION,
        "valid_until": entry.valid_until,
        "verify_url": verification_url(reference),
        "authority": "KT. THỦ TRƯỞNG CƠ QUAN" if "Phó" in title else "THỦ TRƯỞNG CƠ QUAN",
        "signer_title": title,
        **fonts(),
    }


def _sign_one(
    actor: Actor, user: User, session: SigningSession, dossier_id: int, valid_until: dt.date | None, at: dt.datetime
) -> ResultEntry:
    with transaction.atomic():
        dossier = engine.load(actor, dossier_id)
        action = _check(actor, dossier)
        agency = Agency.objects.select_related("parent", "unit").get(pk=dossier.current_agency_id)
        definition = engine.definition_of(dossier.procedure_version_id)
        name = definition.results[0].name if definition.results else DEFAULT_RESULT
        issued_on = timezone.localdate(at)
        title = (
            Membership.objects.filter(user_id=user.pk, agency_id=agency.pk, role=Role.LEADER)
            .values_list("title", flat=True)
            .first()
            or ""
        )
        entry = ResultEntry(
            dossier_id=dossier.pk,
            agency_id=agency.pk,
            year=issued_on.year,
            number=result_number_next(agency.pk, issued_on.year),
            symbol=result_symbol(agency.name),
            name=name[:300],
            issued_on=issued_on,
            valid_until=valid_until,
            signed_by=actor.name[:150],
            created_by_id=user.pk,
        )
        reference = result_reference_new()
        html = render_to_string("dossiers/results/result.html", _context(dossier, entry, agency, title, reference))
        stamp = Stamp(
            signer_name=user.full_name or user.get_username(),
            title=title,
            agency=agency.name,
            verification_url=verification_url(reference),
        )
        signed = session.sign(html_to_pdf(html), stamp=stamp, reason=f"Ký kết quả hồ sơ {dossier.code}")
        registered = result_register(
            actor=user,
            pdf=signed.data,
            dossier_code=dossier.code,
            public_status=PUBLIC_VALID.format(code=dossier.code),
            reference=reference,
        )
        owner = wallet_owner(dossier)
        if owner is not None:
            entry.document = document_store(
                owner=owner,
                content=signed.data,
                name=f"{dossier.code}-ket-qua.pdf",
                kind=DocumentKind.RESULT,
                doc_type=entry.label,
                source_agency_id=agency.pk,
                source_dossier_id=dossier.pk,
            )
        entry.reference, entry.sha256, entry.pdf = registered.reference, registered.sha256, signed.data
        entry.save(force_insert=True)
        extra = {"action": action.id, "kind": action.kind, "result": entry.label, "sha256": entry.sha256}
        _go(actor, dossier, action.target, Verb.MOVE, at, "", extra, action.actors)
        return entry


def results_sign(
    *,
    actor: Actor,
    dossier_ids: Sequence[int],
    pin: str,
    key: KeyProvider | None = None,
    valid_until: dt.date | None = None,
    timestamper: TimeStamper | None = None,
    trust: Trust | None = None,
    at: dt.datetime | None = None,
) -> list[SignOutcome]:
    """Sign the results of ``dossier_ids`` with one unlocking of the leader's key. A wrong PIN, an expired or
    untrusted certificate raises before anything is signed; a dossier that fails alone is reported and left
    as it was."""
    at = at or timezone.now()
    user = User.objects.get(pk=actor.user_id) if actor.user_id is not None else None
    if user is None or actor.kind != "official":
        raise NotAllowed(_("Only officials can sign documents."))
    key = key or signing_key_for(user)
    codes = dict(Dossier.objects.visible_to(actor).filter(pk__in=dossier_ids).values_list("pk", "code"))
    outcomes: list[SignOutcome] = []
    with signing_session(actor=user, key=key, pin=pin, timestamper=timestamper, trust=trust) as session:
        for dossier_id in dict.fromkeys(dossier_ids):
            code = codes.get(dossier_id, "")
            if not code:
                outcomes.append(SignOutcome(dossier_id, "", problem=_("No such dossier.")))
                continue
            try:
                entry = _sign_one(actor, user, session, dossier_id, valid_until, at)
            except DomainError as exc:
                outcomes.append(SignOutcome(dossier_id, code, problem=str(exc.detail)))
            else:
                outcomes.append(SignOutcome(dossier_id, code, entry=entry))
    return outcomes
