"""Checking an uploaded file — tệp đính kèm — by its content, never by its name or declared type.

Only PDF, JPEG and PNG are accepted. The bytes are sniffed (magic numbers), then parsed: a PDF with
pypdf (no scripts, launch actions, embedded files or encryption; a page limit), an image with Pillow
(a pixel limit against decompression bombs, then ``verify()``). The name's extension must match what
the content is. Nothing here writes anything: a refused file leaves no trace.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from motcua.core.errors import DomainError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
# Names a citizen's file may carry for each type (what phones and scanners write).
ACCEPTED_SUFFIXES = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg", ".jpe", ".jfif"}, PNG: {".png"}}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
_SCRIPT_MARKERS = (b"<script", b"<?php", b"<html", b"<!doctype", b"<svg", b"@echo off")
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"MSCF",
)
# PDF names that run code, open other programs or carry files (checked after pypdf decodes #xx escapes).
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/XFA", "/RichMedia"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/GoToE", "/SubmitForm"}
_EMBED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
_PDF_OBJECT_LIMIT = 200_000


@dataclass(frozen=True)
class CheckedFile:
    """What the content turned out to be."""

    content_type: str
    extension: str
    size: int
    pages: int | None
    sha256: str


class UploadRejected(DomainError):
    """The file is refused; ``str(e)`` is a sentence for the citizen, ``e.code`` a stable slug."""

    code = "upload_rejected"
    status = 422


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_MB) * 1024 * 1024


def check_upload(content: bytes, filename: str) -> CheckedFile:
    """Accept ``content`` as a PDF, JPEG or PNG whose name agrees with it, or raise :class:`UploadRejected`."""
    size = len(content)
    if size == 0:
        raise UploadRejected(_("The file is empty. Choose a file that has something in it."), code="empty")
    if size > max_upload_bytes():
        raise UploadRejected(
            _("The file is too large: it must be smaller than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_MB},
            code="too_large",
        )
    content_type = _sniff(content)
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES[content_type]:
        raise UploadRejected(
            _("The file's name does not match its content: it is a %(kind)s file, so its name must end in %(ext)s.")
            % {"kind": _kind_label(content_type), "ext": EXTENSIONS[content_type]},
            code="wrong_extension",
        )
    pages = _check_pdf(content) if content_type == PDF else None
    if content_type != PDF:
        _check_image(content, "JPEG" if content_type == JPEG else "PNG")
    return CheckedFile(
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=size,
        pages=pages,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _kind_label(content_type: str) -> str:
    return {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}[content_type]


def _sniff(content: bytes) -> str:
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(_EXECUTABLE_MAGIC) or any(m in content[:512].lower() for m in _SCRIPT_MARKERS):
        raise UploadRejected(
            _("This file is a program or script, not a document. Upload a PDF, JPEG or PNG file."), code="executable"
        )
    if head.startswith(_ARCHIVE_MAGIC) or content[257:262] == b"ustar":
        raise UploadRejected(
            _("Compressed archives (such as ZIP) are not accepted. Upload each document as a PDF, JPEG or PNG file."),
            code="archive",
        )
    raise UploadRejected(_("Only PDF, JPEG and PNG files are accepted."), code="unsupported_type")


def _unreadable() -> UploadRejected:
    return UploadRejected(
        _("The file is damaged or cannot be read. Save it again as a PDF, JPEG or PNG file and upload it."),
        code="unreadable",
    )


_STARTXREF = re.compile(rb"startxref\s*(\d{1,12})\s*%%EOF")
_XREF_AT = re.compile(rb"\s*(xref|\d{1,10}\s+\d{1,5}\s+obj)")


def _xref_pointer_ok(content: bytes) -> bool:
    """The file ends with a cross-reference pointer that points at a table or stream. A broken one sends
    pypdf into a byte-by-byte repair (seconds of CPU for a crafted 20 MB file), so it is refused first."""
    found = list(_STARTXREF.finditer(content[-4096:]))
    if not found:
        return False
    offset = int(found[-1].group(1))
    return 0 < offset < len(content) and _XREF_AT.match(content, offset, offset + 40) is not None


def _check_pdf(content: bytes) -> int:
    if not _xref_pointer_ok(content):
        raise _unreadable()
    problem, pages = _pdf_facts_isolated(content)
    if problem == "encrypted":
        raise UploadRejected(
            _("The PDF is protected by a password. Save it without a password and upload it again."),
            code="pdf_encrypted",
        )
    if problem == "embedded":
        raise UploadRejected(
            _("The PDF has other files attached inside it. Upload each document as its own file."),
            code="pdf_embedded_files",
        )
    if problem == "active":
        raise UploadRejected(
            _("The PDF contains scripts or actions that run programs. Print it to a new PDF and upload that."),
            code="pdf_active_content",
        )
    if problem or pages < 1:
        raise _unreadable()
    if pages > int(settings.UPLOAD_MAX_PAGES):
        raise UploadRejected(
            _("The PDF has %(pages)s pages; at most %(limit)s are accepted.")
            % {"pages": pages, "limit": settings.UPLOAD_MAX_PAGES},
            code="too_many_pages",
        )
    return pages


def _pdf_facts_isolated(content: bytes) -> tuple[str, int]:
    """:func:`pdf_facts` in a child process with CPU-time and memory limits: pypdf reads some crafted
    files byte by byte for many seconds, and a hostile file must not hold a web worker that long."""
    seconds = int(settings.UPLOAD_PDF_SECONDS)
    try:
        child = subprocess.run(  # noqa: S603 — our own interpreter and module, no shell, no user input in argv
            [sys.executable, "-m", "motcua.dossiers.uploads", str(seconds)],
            input=content,
            capture_output=True,
            timeout=seconds + 5,
            cwd=settings.BASE_DIR,
            env={"LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "unreadable", 0
    try:
        facts = json.loads(child.stdout)
        return str(facts["problem"]), int(facts["pages"])
    except (ValueError, KeyError, TypeError):
        return "unreadable", 0


def pdf_facts(content: bytes) -> tuple[str, int]:
    """(problem, pages): ``encrypted``, ``embedded`` (attached files), ``active`` (scripts, launch actions),
    ``unreadable`` or ``""``; a hostile PDF can make any parser step fail, and all of them mean unreadable."""
    try:
        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted:
            return "encrypted", 0
        problem = _pdf_active_content(reader)
        return problem, len(reader.pages)
    except Exception:
        return "unreadable", 0


def _pdf_objects(reader: PdfReader) -> Iterator[Any]:
    """Every object reachable from the trailer (what a viewer could act on), each indirect object once."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > _PDF_OBJECT_LIMIT:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _pdf_active_content(reader: PdfReader) -> str:
    """``"active"`` (scripts, launch actions), ``"embedded"`` (attached files) or ``""``."""
    for obj in _pdf_objects(reader):
        keys = {str(k) for k in obj}
        if keys & _EMBED_KEYS or str(obj.get("/Subtype", "")) == "/FileAttachment":
            return "embedded"
        if keys & _ACTIVE_KEYS or str(obj.get("/S", "")) in _ACTIVE_ACTIONS:
            return "active"
    return ""


def _check_image(content: bytes, expected: str) -> None:
    limit = int(settings.UPLOAD_MAX_MEGAPIXELS) * 1_000_000
    bomb = UploadRejected(
        _("The image is too large in pixels. Take the photo at a lower resolution or scan it as a PDF."),
        code="image_too_large",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(content), formats=[expected]) as image:
                width, height = image.size
                if width < 1 or height < 1:
                    raise _unreadable()
                if width * height > limit:
                    raise bomb
                image.verify()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except Exception:  # any decoder failure on hostile input is "unreadable"
        raise _unreadable() from None


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading a request body as soon as a file in it passes the upload limit (``too_large`` is set),
    so an oversized upload costs neither memory nor disk. Install it per view, before the body is read."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.too_large = False
        self._received = 0

    def handle_raw_input(
        self, input_data: Any, meta: dict[str, Any], content_length: int, boundary: Any, encoding: str | None = None
    ) -> None:
        # A declared length far past the limit: the first file chunk stops the parsing (Django allows
        # StopUpload only there); the small fields before it (the CSRF token) are still read.
        self.too_large = content_length > max_upload_bytes() + 256 * 1024

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self.too_large or self._received > max_upload_bytes():
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self._received = 0
        super().new_file(*args, **kwargs)

    def file_complete(self, file_size: int) -> None:
        return None


def _child_main(seconds: int) -> None:
    """The child of :func:`_pdf_facts_isolated`: the PDF on stdin, the facts as JSON on stdout."""
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    memory = 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    logging.disable(logging.WARNING)  # pypdf complains about every oddity; the verdict is what counts
    problem, pages = pdf_facts(sys.stdin.buffer.read())
    sys.stdout.write(json.dumps({"problem": problem, "pages": pages}))


if __name__ == "__main__":
    _child_main(int(sys.argv[1]))
