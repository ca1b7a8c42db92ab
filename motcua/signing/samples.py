"""A one-page A4 result document with Vietnamese text, for tests, the benchmark and the demo.

The platform renders real results with WeasyPrint; signing only needs a valid PDF, and this one is made by
pyHanko's own writer in a few milliseconds, with the Be Vietnam Pro font embedded (subset).
"""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

A4 = (0, 0, 595, 842)


def sample_result_pdf(
    *,
    title: str = "GIẤY CHỨNG NHẬN KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    lines: tuple[str, ...] = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Ủy ban nhân dân Phường Hoàn Kiếm chứng nhận ông Nguyễn Văn An,",
        "số định danh cá nhân 001090012345, đã được giải quyết hồ sơ",
        "mã H26.99-261124-0001 đúng hạn.",
    ),
    pages: int = 1,
) -> bytes:
    """A PDF with ``title`` and ``lines`` on each of ``pages`` A4 pages."""
    writer = PdfFileWriter()  # type: ignore[no-untyped-call]
    style = TextBoxStyle(font=GlyphAccumulatorFactory(settings.SIGNING_STAMP_FONT, font_size=12), leading=18)
    for _ in range(pages):
        box = TextBox(style, writer=writer)
        box.content = "\n".join((title, "", *lines))
        commands = box.render()  # type: ignore[no-untyped-call]
        stream = generic.StreamObject(stream_data=b"q 1 0 0 1 60 620 cm " + commands + b" Q")
        page = PageObject(  # type: ignore[no-untyped-call]
            contents=writer.add_object(stream), media_box=A4, resources=box.resources.as_pdf_object()
        )
        writer.insert_page(page)  # type: ignore[no-untyped-call]
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
