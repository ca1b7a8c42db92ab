"""The dossier register (Sổ theo dõi hồ sơ, form 07 / 06) of an agency for a period: PDF and xlsx."""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string

from motcua.agencies.models import Agency
from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier
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


def register_rows(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> list[list[str]]:
    dossiers = (
        Dossier.objects.visible_to(actor)
        .filter(agency_id=agency_id, received_at__date__gte=start, received_at__date__lte=end)
        .select_related("current_agency")
        .order_by("received_at", "id")
    )
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


def register_pdf(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> bytes:
    agency = Agency.objects.get(pk=agency_id)
    chosen = template_set()
    html = render_to_string(
        "dossiers/slips/register.html",
        {
            "unit_name": agency.name,
            "start": start,
            "end": end,
            "header": HEADER,
            "form_label": form_label(REGISTER_NUMBERS[chosen], chosen),
            "rows": register_rows(actor=actor, agency_id=agency_id, start=start, end=end),
            **fonts(),
        },
    )
    return html_to_pdf(html)


def register_xlsx(*, actor: Actor, agency_id: int, start: dt.date, end: dt.date) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "So theo doi ho so"
    sheet.append(HEADER)
    for row in register_rows(actor=actor, agency_id=agency_id, start=start, end=end):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
