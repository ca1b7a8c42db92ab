"""Rendering slips with WeasyPrint (on demand) and keeping each one once issued."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import NATIONAL_STATUS, Verb
from motcua.dossiers.exceptions import InvalidDossier, TransitionNotAllowed
from motcua.dossiers.models import AuditEntry, Dossier, Slip
from motcua.dossiers.services import engine
from motcua.dossiers.slips.forms import (
    FORMS,
    TITLES_2018,
    Form,
    fonts,
    form_label,
    qr_data_uri,
    template_set,
    tracking_url,
)

CHANNELS = {"in_person": "nộp trực tiếp", "online": "nộp trực tuyến", "post": "nộp qua bưu chính"}
UNITS = {"working_days": "ngày làm việc", "hours": "giờ làm việc", "days": "ngày"}


def when(value: dt.datetime | None) -> str:
    if value is None:
        return "…"
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=html, base_url=".").write_pdf()
    return pdf


def _event(dossier: Dossier, form: Form) -> AuditEntry:
    entries = AuditEntry.objects.filter(dossier_id=dossier.pk)
    if form.events:
        entries = entries.filter(verb__in=form.events)
    entry = entries.order_by("-seq").first()
    if entry is None:
        raise TransitionNotAllowed(_("There is nothing for this slip yet."), code="no_slip")
    return entry


def _handovers(dossier: Dossier) -> list[dict[str, str]]:
    moves = AuditEntry.objects.filter(dossier_id=dossier.pk).exclude(from_agency_id=None).order_by("seq")
    names = dict(
        Agency.objects.filter(pk__in={a for m in moves for a in (m.from_agency_id, m.to_agency_id) if a}).values_list(
            "id", "name"
        )
    )
    rows = []
    for m in moves:
        if m.from_agency_id == m.to_agency_id and m.verb not in (Verb.RECEIVE, Verb.RETURN):
            continue
        late = dossier.due_at is not None and m.at > dossier.due_at
        rows.append(
            {
                "from": names.get(m.from_agency_id or 0, ""),
                "to": names.get(m.to_agency_id or 0, ""),
                "at": when(m.at),
                "result": "quá hạn"
                if late
                else ("đúng hạn" if NATIONAL_STATUS.get(m.to_state, 0) >= 9 else "trước hạn"),
                "note": m.reason,
                "actor": m.actor_name,
            }
        )
    return rows


def slip_context(dossier: Dossier, form: Form, entry: AuditEntry, chosen: str) -> dict[str, Any]:
    agency = Agency.objects.select_related("parent", "unit").get(pk=dossier.agency_id)
    statutory = (
        f"{dossier.statutory_amount:g} {UNITS.get(dossier.statutory_unit, dossier.statutory_unit)}"
        if dossier.statutory_amount
        else "…"
    )
    title = TITLES_2018.get(form.kind, form.title) if chosen == "2018" else form.title
    return {
        "d": dossier,
        "title": title,
        "form_label": form_label(form.numbers[chosen], chosen),
        "unit_name": agency.name,
        "parent_name": agency.parent.name if agency.parent else "",
        "place": agency.unit.name,
        "today": timezone.localdate(entry.at),
        "number": f"{entry.seq}/{form.suffix}",
        "qr": qr_data_uri(dossier.code),
        "tracking_url": tracking_url(dossier.code),
        "channel": CHANNELS.get(dossier.channel, dossier.channel),
        "components": list(dossier.components.all()),
        "statutory": statutory,
        "received": when(dossier.received_at),
        "due": when(dossier.due_at),
        "original_due": when(dossier.original_due_at),
        "reason": entry.reason,
        "items": entry.data.get("items", []),
        "answer_by": entry.data.get("answer_by", "…"),
        "actor": entry.actor_name,
        "handovers": _handovers(dossier),
        **fonts(),
    }


def dossier_slip(*, actor: Actor, dossier_id: int, kind: str) -> Slip:
    """The slip of ``kind`` for the dossier's latest matching event: rendered the first time, then kept as issued."""
    form = FORMS.get(kind)
    if form is None:
        raise InvalidDossier(_("Unknown slip."), field="kind")
    dossier = engine.load(actor, dossier_id)
    entry = _event(dossier, form)
    seq = dossier.audit_seq if not form.events else entry.seq
    kept = Slip.objects.filter(dossier_id=dossier.pk, kind=kind, event_seq=seq).first()
    if kept is not None:
        return kept
    chosen = template_set()
    html = render_to_string(f"dossiers/slips/{kind}.html", slip_context(dossier, form, entry, chosen))
    pdf = html_to_pdf(html)
    slip = Slip(
        dossier_id=dossier.pk,
        kind=kind,
        event_seq=seq,
        template_set=chosen,
        number=f"{entry.seq}/{form.suffix}",
        issued_at=timezone.now(),
        issued_by=actor.name[:150],
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    try:
        with transaction.atomic():
            slip.save(force_insert=True)
    except IntegrityError:  # issued by someone else meanwhile: theirs is the one
        return Slip.objects.get(dossier_id=dossier.pk, kind=kind, event_seq=seq)
    return slip
