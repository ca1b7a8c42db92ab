"""Public verification of signed documents (kiểm tra văn bản, kết quả đã ký số): upload a PDF, or follow
the QR code printed on a result. No login; the uploaded file is not kept."""

from __future__ import annotations

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.signing.exceptions import PdfTooLarge
from motcua.signing.pdf import max_bytes, max_mb
from motcua.signing.selectors import VerificationReport, pdf_verify, result_by_reference


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Signed PDF document"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = _("Up to %(limit)d MB. The file is only read to check it; it is not kept.") % {
            "limit": max_mb()
        }


class _SizeLimit(FileUploadHandler):
    """Stop reading an upload once it passes the limit: nothing larger is written to memory or disk."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _form_and_report(request: HttpRequest) -> tuple[VerifyForm, VerificationReport | None, int]:
    """The form, the report of the uploaded file (on POST) and the HTTP status to answer with."""
    if request.method != "POST":
        return VerifyForm(), None, 200
    limit = _SizeLimit(request, max_bytes())
    request.upload_handlers = [limit, *request.upload_handlers]
    form = VerifyForm(request.POST, request.FILES)
    if limit.exceeded:
        form.is_valid()
        form.errors["file"] = form.error_class([str(PdfTooLarge(max_mb()).detail)])
        return form, None, 413
    if not form.is_valid():
        return form, None, 422
    try:
        return form, pdf_verify(form.cleaned_data["file"].read(max_bytes() + 1)), 200
    except DomainError as exc:
        form.add_error("file", str(exc.detail))
        return form, None, exc.status


# The upload handler must be in place before the CSRF check reads the body (Django's documented way:
# exempt the view, then protect the inner one).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Upload a PDF and see each of its signatures."""
    return _verify(request)


@csrf_protect
def _verify(request: HttpRequest) -> HttpResponse:
    form, report, status = _form_and_report(request)
    return render(request, "portal/signing/verify.html", {"form": form, "report": report}, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_reference(request: HttpRequest, reference: str) -> HttpResponse:
    """The page behind a result's QR code: the registered result, and a check of the copy in hand."""
    return _verify_reference(request, reference)


@csrf_protect
def _verify_reference(request: HttpRequest, reference: str) -> HttpResponse:
    result = result_by_reference(reference)
    if result is None:
        raise Http404
    form, report, status = _form_and_report(request)
    registered = report.registered if report else None
    matches = bool(registered and registered.reference == result.reference and registered.exact)
    context = {"form": form, "report": report, "result": result, "matches": matches}
    return render(request, "portal/signing/reference.html", context, status=status)
