"""The dossier register (Sổ theo dõi hồ sơ, form 07 / 06) of an agency for a period: PDF and xlsx. It shows
every listed dossier's owner, address and phone, so making it is a read of each (logged like a dossier page)."""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string

from motcua.agencies.models import Agency
from motcua.dossiers.actors import Actor
from motcua.dossiers.models import AccessKind, Dossier
from motcua.dossiers.services.access import dossier_reads_log
from motcua.dossiers.slips.forms import REGISTER_NUMBERS, fonts, form_label, template_set
from motcua.dossiers.slips.render import html_to_pdf, when

HEADER = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Số lượng hồ sơ",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Ghi chú",
]


def register_dossiers(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> list[Dossier]:
    """The dossiers ``agency_id`` received in the period that the caller may see, in the order received."""
    return list(
        Dossier.objects.visible_to(actor)
        .filter(agency_id=agency_id, received_at__date__gte=start, received_at__date__lte=end)
        .select_related("current_agency")
        .order_by("received_at", "id")
    )


def register_rows(dossiers: list[Dossier]) -> list[list[str]]:
    return [
        [
            str(n),
            d.code,
            d.procedure_name,
            "1",
            d.owner_name,
            f"{d.submitter_address} {d.submitter_phone}".strip(),
            d.current_agency.name,
            when(d.received_at),
            when(d.due_at),
            "",
            when(d.finished_at) if d.finished_at else "",
            when(d.returned_at) if d.returned_at else "",
            d.get_state_display(),
        ]
        for n, d in enumerate(dossiers, start=1)
    ]


def _log_reads(actor: Actor, dossiers: list[Dossier], fmt: str, start: dt.date, end: dt.date) -> None:
    """The register shows each dossier's owner, address and phone: one read-log row per dossier, once made."""
    detail = f"{fmt} {start.isoformat()}/{end.isoformat()}"
    dossier_reads_log(actor=actor, dossier_ids=[d.pk for d in dossiers], kind=AccessKind.REGISTER, detail=detail)


def register_pdf(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> bytes:
    agency = Agency.objects.get(pk=agency_id)
    chosen = template_set()
    dossiers = register_dossiers(actor=actor, agency_id=agency_id, start=start, end=end)
    html = render_to_string(
        "dossiers/slips/register.html",
        {
            "unit_name": agency.name,
            "start": start,
            "end": end,
            "header": HEADER,
            "form_label": form_label(REGISTER_NUMBERS[chosen], chosen),
            "rows": register_rows(dossiers),
            **fonts(),
        },
    )
    pdf = html_to_pdf(html)
    _log_reads(actor, dossiers, "pdf", start, end)
    return pdf


def register_xlsx(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "So theo doi ho so"
    sheet.append(HEADER)
    dossiers = register_dossiers(actor=actor, agency_id=agency_id, start=start, end=end)
    for row in register_rows(dossiers):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    _log_reads(actor, dossiers, "xlsx", start, end)
    return out.getvalue()
