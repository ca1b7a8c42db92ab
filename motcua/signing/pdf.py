"""Reading an untrusted PDF safely: checked by its content (the ``%PDF-`` magic), never by its name."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.signing.constants import PDF_MAGIC
from motcua.signing.exceptions import NotAPdf, PdfTooLarge, PdfUnreadable


def max_mb() -> int:
    return int(settings.SIGNING_MAX_UPLOAD_MB)


def max_bytes() -> int:
    return max_mb() * 1024 * 1024


def pdf_check(data: bytes) -> None:
    """Refuse what is not a PDF (magic within the first KB, as readers allow) or is too large."""
    if len(data) > max_bytes():
        raise PdfTooLarge(max_mb())
    if PDF_MAGIC not in data[:1024]:
        raise NotAPdf()


def pdf_reader(data: bytes) -> PdfFileReader:
    pdf_check(data)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.root  # noqa: B018 - parse the catalogue now
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        raise PdfUnreadable() from None
    return reader
