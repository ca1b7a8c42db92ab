"""Biểu số 06/VPCP/KSTT as an Excel workbook in its legal layout (merged header cells, signing block)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from motcua.statistics.selectors import Form06, Form06Row

#: Data columns C… of the form, in order (the legal form's 11 figures, then withdrawn and stopped).
FIGURES = (
    "received_total",
    "carried_over",
    "received_online",
    "received_other",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
    "withdrawn",
    "stopped",
)
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
NOTE = Font(name="Times New Roman", italic=True, size=11)
CIRCULAR = "(Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020)"
HEADER_ROW = 6
#: Row heights (points) of the title and the three header rows, whose merged cells wrap.
HEIGHTS = {3: 36, 6: 32, 7: 24, 8: 66}
FIRST_DATA_ROW = 10


def _headers() -> list[tuple[str, str]]:
    """(range, text) of every header cell, merged where the range spans several cells."""
    return [
        ("A6:A8", "STT"),
        ("B6:B8", "Lĩnh vực, công việc giải quyết theo cấp"),
        ("C6:F6", "Số hồ sơ nhận giải quyết"),
        ("C7:C8", "Tổng số"),
        ("D7:F7", "Trong đó"),
        ("D8", "Số kỳ trước chuyển qua"),
        ("E8", "Số mới tiếp nhận trực tuyến"),
        ("F8", "Số mới tiếp nhận trực tiếp, dịch vụ bưu chính"),
        ("G6:J6", "Kết quả giải quyết: số hồ sơ đã giải quyết"),
        ("G7:G8", "Tổng số"),
        ("H7:H8", "Trả trước hạn"),
        ("I7:I8", "Trả đúng hạn"),
        ("J7:J8", "Trả quá hạn"),
        ("K6:M6", "Số hồ sơ đang giải quyết"),
        ("K7:K8", "Tổng số"),
        ("L7:L8", "Trong hạn"),
        ("M7:M8", "Quá hạn"),
        ("N6:N8", "Số hồ sơ rút (công dân, tổ chức rút)"),
        ("O6:O8", "Số hồ sơ dừng xử lý"),
    ]


def _figures(ws: Any, row: int, line: Form06Row, number: str, bold: bool) -> None:
    cells = [number, line.name or line.code, *(line.values[k] for k in FIGURES)]
    for col, value in enumerate(cells, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = BOX
        cell.font = BOLD if bold else PLAIN
        cell.alignment = CENTRE if col != 2 else Alignment(vertical="center", wrap_text=True)


def form06_xlsx(report: Form06) -> bytes:
    """The workbook's bytes: title block, headers, one row per field or procedure, the total, signatures."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bieu 06"
    last = get_column_letter(len(FIGURES) + 2)
    ws.merge_cells("A1:F1")
    ws["A1"] = f"CƠ QUAN: {report.agency_name.upper()}"
    ws.merge_cells(f"K1:{last}1")
    ws["K1"] = "Biểu số 06/VPCP/KSTT"
    ws.merge_cells(f"K2:{last}2")
    ws["K2"] = CIRCULAR
    ws["K2"].font = NOTE
    ws["K2"].alignment = CENTRE
    ws.merge_cells(f"A3:{last}3")
    ws["A3"] = TITLE
    ws.merge_cells(f"A4:{last}4")
    ws["A4"] = f"Kỳ báo cáo: từ ngày {report.date_from:%d/%m/%Y} đến ngày {report.date_to:%d/%m/%Y}"
    ws.merge_cells(f"K5:{last}5")
    ws["K5"] = "Đơn vị tính: Số hồ sơ TTHC"
    for ref in ("A1", "K1", "A3", "A4", "K5"):
        ws[ref].font = BOLD
        ws[ref].alignment = CENTRE
    for span, text in _headers():
        if ":" in span:
            ws.merge_cells(span)
        first = span.split(":")[0]
        ws[first] = text
        for row in ws[span] if ":" in span else ((ws[span],),):
            for cell in row:
                cell.border = BOX
                cell.font = BOLD
                cell.alignment = CENTRE
    # LibreOffice and Excel do not grow merged cells to fit wrapped text: the heights are set
    for number, height in HEIGHTS.items():
        ws.row_dimensions[number].height = height
    for col in range(1, len(FIGURES) + 3):
        cell = ws.cell(row=9, column=col, value=f"({col})")
        cell.border, cell.font, cell.alignment = BOX, PLAIN, CENTRE
    row = FIRST_DATA_ROW
    for number, line in enumerate(report.rows, start=1):
        _figures(ws, row, line, str(number), bold=False)
        row += 1
    _figures(ws, row, Form06Row(code="", name="Tổng cộng", values=report.total.values), "", bold=True)
    ws.column_dimensions["B"].width = 42
    for col in range(3, len(FIGURES) + 3):
        ws.column_dimensions[get_column_letter(col)].width = 12
    _signatures(ws, row + 2, last)
    # printed as the form is: one A4 landscape page wide, the header rows repeated on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{HEADER_ROW}:9"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _signatures(ws: Any, row: int, last: str) -> None:
    lines = [
        ("A", "F", "NGƯỜI LẬP BIỂU", f"K{row}", "…, ngày … tháng … năm …"),
        ("A", "F", "(Ký, ghi rõ họ tên)", "", "THỦ TRƯỞNG CƠ QUAN"),
        ("A", "F", "", "", "(Ký, ghi rõ họ tên và đóng dấu)"),
    ]
    for offset, (left_from, left_to, left, _unused, right) in enumerate(lines):
        r = row + offset
        ws.merge_cells(f"{left_from}{r}:{left_to}{r}")
        ws[f"{left_from}{r}"] = left or None
        ws.merge_cells(f"K{r}:{last}{r}")
        ws[f"K{r}"] = right
        for ref in (f"{left_from}{r}", f"K{r}"):
            ws[ref].alignment = CENTRE
            text = str(ws[ref].value or "")
            ws[ref].font = NOTE if "ngày" in text else PLAIN if "(" in text else BOLD
