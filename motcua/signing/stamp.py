"""The visible signature (hình ảnh chữ ký số): signer, title, agency and time, with a QR code to the
verification page, in a TrueType font that has the Vietnamese glyphs (the PDF base fonts garble them).

Decree 30/2020 App. I wants the signer's handwritten image and the agency's red seal image where the form
has its signature block; without those images we draw the text block the Vietnamese signing tools draw
("Ký bởi: …"), at the box the caller gives (the form's signature block).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

#: Lower-left and upper-right corners in PDF points (1/72 inch) from the page's lower-left corner.
Box = tuple[int, int, int, int]
#: Default place: the right half of an A4 page's lower part, where the signature block usually sits.
DEFAULT_BOX: Box = (300, 60, 560, 160)
_VN = dt.timezone(dt.timedelta(hours=7), "+07")


@dataclass(frozen=True)
class Stamp:
    """What the visible signature shows (hình ảnh chữ ký), and where."""

    signer_name: str
    title: str = ""
    agency: str = ""
    authority: str = ""  # KT. / TM. / TL. … (Decree 30 App. I)
    page: int = -1  # -1: the last page
    box: Box = DEFAULT_BOX
    verification_url: str = ""  # drawn as a QR code on the stamp's right when given

    def lines(self, signed_at: dt.datetime) -> str:
        rows = [self.authority] if self.authority else []
        rows.append(f"Ký bởi: {self.signer_name}")
        if self.title:
            rows.append(f"Chức vụ: {self.title}")
        if self.agency:
            rows.append(f"Cơ quan: {self.agency}")
        rows.append(f"Thời gian ký: {signed_at.astimezone(_VN).isoformat(timespec='seconds')}")
        return unicodedata.normalize("NFC", "\n".join(rows))


class QrCode(content.PdfContent):
    """A QR code drawn as vector squares (no image library): sharp at any zoom and small."""

    def __init__(self, text: str, size: float) -> None:
        self.matrix = segno.make(text, error="m", micro=False).matrix
        self.size = size
        super().__init__(box=layout.BoxConstraints(width=size, height=size))

    def render(self) -> bytes:
        modules = len(self.matrix)
        quiet = 2
        unit = self.size / (modules + 2 * quiet)
        parts = [b"q 1 1 1 rg 0 0 %.3f %.3f re f 0 0 0 rg" % (self.size, self.size)]
        for row, values in enumerate(self.matrix):
            y = self.size - (row + quiet + 1) * unit
            for col, dark in enumerate(values):
                if dark:
                    parts.append(b"%.3f %.3f %.3f %.3f re" % ((col + quiet) * unit, y, unit, unit))
        parts.append(b"f Q")
        return b"\n".join(parts)


#: What a Vietnamese stamp needs: Latin, Vietnamese letters (precomposed, NFC), combining marks, punctuation, ₫.
_VIETNAMESE = [
    *range(0x20, 0x7F),
    *(ord(c) for c in "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư°–—‘’“”…₫"),
    *range(0x300, 0x304),
    0x309,
    0x323,
    *range(0x1EA0, 0x1EFA),
]


def _subset_font(path: str) -> str:
    """A copy of the font with only the glyphs above and no OpenType layout tables, cached under var/.

    pyHanko re-reads and subsets the whole font for every signature; Be Vietnam Pro's layout tables make
    that cost ~140 ms. Vietnamese in NFC needs no shaping, so the small copy renders the same, 5× faster.
    """
    from fontTools import subset  # type: ignore[import-untyped]

    source = Path(path)
    stat = source.stat()
    what = f"{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{_VIETNAMESE}"
    key = hashlib.sha256(what.encode()).hexdigest()[:16]
    target = Path(settings.VAR_DIR) / "cache" / f"stamp-font-{key}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=_VIETNAMESE)
        subsetter.subset(font)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        subset.save_font(font, str(temporary), options)
        temporary.replace(target)
    return str(target)


@cache
def _font(path: str, size: int) -> GlyphAccumulatorFactory:
    return GlyphAccumulatorFactory(_subset_font(path), font_size=size)


def stamp_style(stamp: Stamp) -> TextStampStyle:
    """The pyHanko style for ``stamp``: text on the left, the QR code (if any) on the right."""
    height = stamp.box[3] - stamp.box[1]
    qr = QrCode(stamp.verification_url, height - 8) if stamp.verification_url else None
    text_layout = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MID,
        margins=layout.Margins(left=6, right=(height if qr else 6), top=4, bottom=4),
        inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
    )
    return TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(font=_font(settings.SIGNING_STAMP_FONT, 9), leading=12),
        inner_content_layout=text_layout,
        border_width=1,
        border_color=(0.8, 0.1, 0.1),
        background=qr,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=4, right=4, top=4, bottom=4),
        ),
    )
