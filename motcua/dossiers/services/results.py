"""The results register (sổ theo dõi kết quả giải quyết): numbering per issuing agency and year, corrections
(a new entry replacing the old) and revocations (thu hồi), each written to the dossier's audit trail."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.core.errors import NotFound
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import Verb
from motcua.dossiers.exceptions import InvalidDossier, NotAllowed
from motcua.dossiers.models import Dossier, ResultEntry, ResultSequence, ResultStatus
from motcua.dossiers.policies import can_act_at
from motcua.dossiers.services import engine
from motcua.signing.services import result_status_update

#: Public status texts of a registered e-result (shown on the public verification page, in Vietnamese as on
#: the document itself).
PUBLIC_VALID = "Có hiệu lực — kết quả giải quyết hồ sơ {code}"
PUBLIC_REPLACED = "Đã được thay thế bởi kết quả số {label}"
PUBLIC_REVOKED = "Đã bị thu hồi ngày {day:%d/%m/%Y}. Lý do: {reason}"
PUBLIC_DELIVERED = "Có hiệu lực — đã trả cho công dân (hồ sơ {code})"
#: Symbol of results when the procedure names none (KQ: kết quả).
DEFAULT_SYMBOL = "KQ"

_NUMBER_SQL = (
    f"INSERT INTO {ResultSequence._meta.db_table} (agency_id, year, last) VALUES (%s, %s, 1) "  # noqa: S608 — our table name; values are parameters
    f"ON CONFLICT (agency_id, year) DO UPDATE SET last = {ResultSequence._meta.db_table}.last + 1 RETURNING last"
)


def result_number_next(agency_id: int, year: int) -> int:
    """The next result number of an agency in a year: one atomic upsert (never repeated, even concurrently)."""
    with connection.cursor() as cursor:
        cursor.execute(_NUMBER_SQL, [agency_id, year])
        (number,) = cursor.fetchone()
    return int(number)


def result_symbol(agency_name: str) -> str:
    """``KQ-UBND`` for a People's Committee, ``KQ-STP`` for Sở Tư pháp: KQ and the initials of the agency kind."""
    words = agency_name.replace("UBND", "Ủy ban nhân dân").split()
    initials = "".join(w[0] for w in words[:4] if w[:1].isalpha()).upper()
    return f"{DEFAULT_SYMBOL}-{initials}"[:40] if initials else DEFAULT_SYMBOL


def may_manage_results(actor: Actor, entry: ResultEntry) -> bool:
    """Leaders of the issuing agency correct and revoke its results."""
    return can_act_at(actor, entry.agency_id, [Role.LEADER])


def user_of(actor: Actor) -> User:
    if actor.user_id is None:
        raise NotAllowed(_("Only officials can do this."))
    return User.objects.get(pk=actor.user_id)


def _entry_for(actor: Actor, entry_id: int) -> ResultEntry:
    entry = ResultEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None or not Dossier.objects.visible_to(actor).filter(pk=entry.dossier_id).exists():
        raise NotFound(_("No such result."))
    if not may_manage_results(actor, entry):
        raise NotAllowed(_("Only a leader of the issuing agency may change its results."))
    if entry.status != ResultStatus.VALID:
        raise InvalidDossier(_("This result is no longer valid."), field="entry")
    return entry


def result_correct(
    *,
    actor: Actor,
    entry_id: int,
    reason: str,
    name: str = "",
    valid_until: dt.date | None = None,
    at: dt.datetime | None = None,
) -> ResultEntry:
    """Correct a result (đính chính): a new entry with a new number replaces the old one, whose registered
    e-result is shown as replaced."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Say what the correction changes."), field="reason")
    with transaction.atomic():
        old = _entry_for(actor, entry_id)
        dossier = engine.load(actor, old.dossier_id)
        issued_on = timezone.localdate(at)
        new = ResultEntry.objects.create(
            dossier_id=old.dossier_id,
            agency_id=old.agency_id,
            year=issued_on.year,
            number=result_number_next(old.agency_id, issued_on.year),
            symbol=old.symbol,
            name=(name.strip() or old.name)[:300],
            issued_on=issued_on,
            valid_until=valid_until if valid_until is not None else old.valid_until,
            replaces=old,
            reason=reason.strip()[:1000],
            signed_by=actor.name[:150],
            created_by_id=actor.user_id,
        )
        old.status = ResultStatus.CORRECTED
        old.save(update_fields=["status"])
        if old.reference:
            public = PUBLIC_REPLACED.format(label=new.label)
            result_status_update(actor=user_of(actor), reference=old.reference, public_status=public)
        engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.RESULT_CORRECTED,
            to_state=dossier.state,
            at=at,
            reason=reason.strip(),
            data={"old": old.label, "new": new.label},
            roles=[Role.LEADER],
        )
        return new


def result_revoke(*, actor: Actor, entry_id: int, reason: str, at: dt.datetime | None = None) -> ResultEntry:
    """Revoke a result (thu hồi) with its reason; the registered e-result's public status says so."""
    at = at or timezone.now()
    if not reason.strip():
        raise InvalidDossier(_("Give the reason for revoking."), field="reason")
    with transaction.atomic():
        entry = _entry_for(actor, entry_id)
        dossier = engine.load(actor, entry.dossier_id)
        entry.status = ResultStatus.REVOKED
        entry.reason = reason.strip()[:1000]
        entry.save(update_fields=["status", "reason"])
        if entry.reference:
            public = PUBLIC_REVOKED.format(day=timezone.localdate(at), reason=entry.reason[:150])
            result_status_update(actor=user_of(actor), reference=entry.reference, public_status=public)
        engine.commit(
            actor=actor,
            dossier=dossier,
            verb=Verb.RESULT_REVOKED,
            to_state=dossier.state,
            at=at,
            reason=entry.reason,
            data={"result": entry.label},
            roles=[Role.LEADER],
        )
        return entry


def results_of(*, actor: Actor, dossier: Dossier) -> list[ResultEntry]:
    """The register's entries of a dossier the actor may see (callers load the dossier with the actor)."""
    return list(ResultEntry.objects.filter(dossier_id=dossier.pk).select_related("agency").order_by("id"))


def register_for(*, actor: Actor, year: int, agency_id: int | None = None) -> list[ResultEntry]:
    """The register of a year for the agencies where the actor works (one agency if given)."""
    agencies = {a for a in actor.agencies if agency_id is None or a == agency_id}
    return list(
        ResultEntry.objects.filter(agency_id__in=agencies, year=year)
        .select_related("agency", "dossier")
        .order_by("agency_id", "number")[:1000]
    )
