"""The document wallet — kho dữ liệu điện tử: every e-result and every document the citizen uploaded, with its
type, date and source; upload, download, delete one's own uploads (never issued results)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import DocumentKind
from motcua.dossiers.services.documents import document_delete, document_for, document_store, wallet_of
from motcua.dossiers.uploads import ACCEPT_ATTRIBUTE, LimitedUploadHandler
from motcua.portal.dossier_common import actor_of, citizen, citizen_only, install_upload_limit, not_found, uploaded

PAGE = 25


@citizen_only
@require_GET
def wallet(request: HttpRequest) -> HttpResponse:
    page = Paginator(wallet_of(citizen(request)), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/wallet/list.html",
        {"page": page, "done": request.GET.get("done", ""), "upload_kind": DocumentKind.UPLOAD},
    )


@csrf_exempt
@citizen_only
@require_http_methods(["GET", "POST"])
def wallet_upload(request: HttpRequest) -> HttpResponse:
    handler = install_upload_limit(request)
    return _upload(request, handler)


@csrf_protect
def _upload(request: HttpRequest, handler: LimitedUploadHandler) -> HttpResponse:
    error, doc_type = "", ""
    if request.method == "POST":
        doc_type = request.POST.get("doc_type", "").strip()[:100]
        try:
            files = uploaded(request, handler, "file")
            if not files:
                error = _("Choose a file to upload.")
            else:
                name, content = files[0]
                document_store(owner=citizen(request), content=content, name=name, doc_type=doc_type)
        except DomainError as exc:
            error = str(exc.detail)
        if not error:
            return redirect(reverse("portal:wallet") + "?done=uploaded")
    return render(
        request,
        "portal/wallet/upload.html",
        {"error": error, "doc_type": doc_type, "accept": ACCEPT_ATTRIBUTE},
        status=422 if error else 200,
    )


@citizen_only
@require_GET
def wallet_download(request: HttpRequest, document_id: int) -> HttpResponseBase:
    try:
        document = document_for(actor_of(request), document_id)
    except NotFound:
        return not_found(request)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )


@citizen_only
@require_http_methods(["GET", "POST"])
def wallet_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    user = citizen(request)
    document = wallet_of(user).filter(pk=document_id).first()
    if document is None:
        return not_found(request)
    if document.kind != DocumentKind.UPLOAD:
        return redirect("portal:wallet")
    if request.method == "POST":
        try:
            document_delete(owner=user, document_id=document.pk)
        except NotFound:
            return not_found(request)
        except DomainError:
            return redirect("portal:wallet")
        return redirect(reverse("portal:wallet") + "?done=deleted")
    return render(request, "portal/wallet/delete.html", {"document": document})
