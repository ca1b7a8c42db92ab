"""Apply online: one thing per page (where, case, form, each component, review), then the confirmation.

Views stay thin: they parse the request, call :mod:`motcua.portal.apply_service` and render. Every page
is for the logged-in citizen who owns the draft; anyone else gets 404 (nothing leaks that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.catalog.formview import form_view
from motcua.catalog.selectors import procedure_get, version_definition
from motcua.core.errors import NotFound
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.services import document_for, document_store
from motcua.dossiers.uploads import ACCEPT_ATTRIBUTE, EXTENSIONS, LimitedUploadHandler, UploadRejected
from motcua.portal import apply_service as svc
from motcua.portal.models import Draft

View = Callable[..., HttpResponseBase]


def applicant_required(view: View) -> View:
    """A logged-in citizen whose account carries a personal ID (a dossier needs it); others are refused."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if not isinstance(user, User) or user.is_official or not user.personal_id:
            return render(request, "portal/apply/not_applicant.html", status=403)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.detail)) from exc

    return wrapped


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _step_url(user: User, draft: Draft) -> str:
    step, index = svc.next_step(user, draft)
    if draft.dossier_id is not None:
        return reverse("portal:apply_done", args=[draft.key])
    if step == "component":
        return reverse("portal:apply_component", args=[draft.key, index])
    return reverse(f"portal:apply_{step}", args=[draft.key])


def _back(user: User, draft: Draft, here: str, index: int | None = None) -> str:
    """The page before ``here`` in the flow (the procedure page before the first one)."""
    order: list[tuple[str, int | None]] = [("agency", None), ("case", None), ("form", None)]
    order += [("component", a.index) for a in svc.attachments(user, draft)]
    position = order.index((here, index)) if (here, index) in order else len(order)
    if position == 0:
        return reverse("portal:procedure_detail", args=[draft.procedure_code])
    step, i = order[position - 1]
    return reverse(f"portal:apply_{step}", args=[draft.key, i] if i is not None else [draft.key])


@applicant_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/apply/index.html", {"drafts": svc.drafts_of(_user(request))})


@applicant_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        try:
            draft = svc.draft_start(user=user, procedure_code=code)
        except svc.ApplyError as exc:
            return render(request, "portal/apply/cannot_start.html", {"error": str(exc)}, status=422)
        return redirect(_step_url(user, draft))
    try:
        _procedure, version = procedure_get(code=code)
    except NotFound as exc:
        raise Http404(str(exc.detail)) from exc
    definition = version_definition(version)
    return render(
        request,
        "portal/apply/start.html",
        {"d": definition, "drafts": svc.drafts_of(user).filter(procedure_code=code), "max_mb": settings.UPLOAD_MAX_MB},
    )


@applicant_required
@require_GET
def resume(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    return redirect(_step_url(user, svc.draft_get(user=user, key=key)))


def _open_draft(request: HttpRequest, key: str) -> Draft | HttpResponse:
    """The draft, or a redirect to its confirmation when it has been submitted already."""
    draft = svc.draft_get(user=_user(request), key=key)
    if draft.dossier_id is not None:
        return redirect("portal:apply_done", key=draft.key)
    return draft


def _one_choice(
    request: HttpRequest,
    key: str,
    step: str,
    save: Callable[[User, str, str], Draft],
    extra: Callable[[Draft], dict[str, Any]],
) -> HttpResponse:
    """A page that asks one question (posted as ``step``): save the answer and go on, or show the error."""
    user = _user(request)
    draft = _open_draft(request, key)
    if isinstance(draft, HttpResponse):
        return draft
    error = ""
    if request.method == "POST":
        try:
            draft = save(user, key, request.POST.get(step, "")[:40])
        except svc.ApplyError as exc:
            error = str(exc)
        else:
            return redirect(_step_url(user, draft))
    context = {"draft": draft, "error": error, "back": _back(user, draft, step), **extra(draft)}
    return render(request, f"portal/apply/{step}.html", context, status=422 if error else 200)


@applicant_required
@require_http_methods(["GET", "POST"])
def agency(request: HttpRequest, key: str) -> HttpResponse:
    return _one_choice(
        request,
        key,
        "agency",
        lambda user, k, value: svc.draft_set_agency(
            user=user, key=k, agency_id=int(value) if value.isdigit() else None
        ),
        lambda draft: {"desks": svc.receiving_desks(svc.definition_of(draft))},
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, key: str) -> HttpResponse:
    return _one_choice(
        request,
        key,
        "case",
        lambda user, k, value: svc.draft_set_case(user=user, key=k, case_code=value),
        lambda draft: {"cases": svc.definition_of(draft).cases},
    )


def _form_fields(draft: Draft, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    definition = svc.definition_of(draft)
    if definition.form is None:
        return []
    sections = []
    for section in form_view(definition.form):
        fields = [
            {
                "f": f,
                "value": svc.local_date(draft.form_data.get(f.name, ""))
                if f.widget == "date"
                else draft.form_data.get(f.name, ""),
                "errors": errors.get(f.name, []),
            }
            for f in section.fields
        ]
        sections.append({"title": section.title, "fields": fields})
    return sections


@applicant_required
@require_http_methods(["GET", "POST"])
def form(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    draft = _open_draft(request, key)
    if isinstance(draft, HttpResponse):
        return draft
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        draft, errors = svc.draft_set_form(user=user, key=key, raw=_posted(request), final=True)
        if not errors:
            return redirect(_step_url(user, draft))
    else:
        draft = svc.draft_prefill(user=user, draft=draft)
    error_list = [(name, message) for name, messages in errors.items() for message in messages]
    return render(
        request,
        "portal/apply/form.html",
        {
            "draft": draft,
            "sections": _form_fields(draft, errors),
            "errors": error_list,
            "back": _back(user, draft, "form"),
        },
        status=422 if errors else 200,
    )


def _posted(request: HttpRequest) -> dict[str, str]:
    return {k: request.POST.get(k, "") for k in request.POST if k not in ("csrfmiddlewaretoken", "revision")}


@applicant_required
@require_POST
def autosave(request: HttpRequest, key: str) -> HttpResponse:
    """htmx: the form is saved as the citizen types (on change), without checking it yet."""
    draft = svc.draft_get(user=_user(request), key=key)
    if draft.dossier_id is not None:
        return HttpResponse(status=409)
    svc.draft_set_form(user=_user(request), key=key, raw=_posted(request), final=False)
    return render(request, "portal/apply/_saved.html", {"at": timezone.localtime()})


@csrf_exempt
def component(request: HttpRequest, key: str, index: int) -> HttpResponseBase:
    """Upload or pick the ``index``-th component. The size limit is enforced while the body is read, so the
    upload handler is installed before CSRF protection (which reads the body) runs."""
    handler = LimitedUploadHandler(request)
    request.upload_handlers = [handler, *request.upload_handlers]
    return _component(request, key, index, handler)


@csrf_protect
@applicant_required
@require_http_methods(["GET", "POST"])
def _component(request: HttpRequest, key: str, index: int, handler: LimitedUploadHandler) -> HttpResponse:
    user = _user(request)
    draft = _open_draft(request, key)
    if isinstance(draft, HttpResponse):
        return draft
    items = svc.attachments(user, draft)
    if not 0 <= index < len(items):
        raise Http404(_("No such component."))
    item = items[index]
    error = ""
    if request.method == "POST":
        try:
            draft = _component_post(request, user, draft, index, handler)
        except (svc.ApplyError, UploadRejected) as exc:
            error = str(exc)
        else:
            if request.POST.get("action") == "remove":
                return redirect("portal:apply_component", key=draft.key, index=index)
            return redirect(_next_after(user, draft, index))
    return render(
        request,
        "portal/apply/component.html",
        {
            "draft": draft,
            "item": item,
            "count": len(items),
            "number": index + 1,
            "wallet": svc.wallet_choices(user, item.component),
            "accept": ACCEPT_ATTRIBUTE,
            "max_mb": settings.UPLOAD_MAX_MB,
            "error": error,
            "back": _back(user, draft, "component", index),
        },
        status=422 if error else 200,
    )


def _component_post(request: HttpRequest, user: User, draft: Draft, index: int, handler: LimitedUploadHandler) -> Draft:
    files = request.FILES  # parse the body first: the handler marks an oversized file while reading it
    if handler.too_large:
        raise UploadRejected(
            _("The file is too large: it must be smaller than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_MB},
            code="too_large",
        )
    action = request.POST.get("action", "")
    key = str(draft.key)
    if action == "remove":
        return svc.draft_detach(user=user, key=key, index=index)
    if action == "skip":
        item = svc.attachments(user, draft)[index]
        if item.component.required:
            raise svc.ApplyError(_("This document is required."), field="file")
        return draft
    if action == "wallet":
        chosen = request.POST.get("document", "")
        if not chosen.isdigit():
            raise svc.ApplyError(_("Choose one of your documents."), field="document")
        return svc.draft_attach(user=user, key=key, index=index, document_id=int(chosen), from_wallet=True)
    upload = files.get("file")
    if upload is None:
        if svc.attachments(user, draft)[index].document is not None:
            return draft  # already attached: "continue"
        raise svc.ApplyError(_("Choose a file to upload, or a document from your wallet."), field="file")
    content = upload.read()
    document = document_store(owner=user, content=content, name=upload.name or "")
    return svc.draft_attach(user=user, key=key, index=index, document_id=document.pk, from_wallet=False)


def _next_after(user: User, draft: Draft, index: int) -> str:
    count = len(svc.attachments(user, draft))
    if index + 1 < count:
        return reverse("portal:apply_component", args=[draft.key, index + 1])
    return _step_url(user, draft)


@applicant_required
@require_GET
def review(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    draft = _open_draft(request, key)
    if isinstance(draft, HttpResponse):
        return draft
    return render(request, "portal/apply/review.html", _review_context(user, draft, ""))


def _review_context(user: User, draft: Draft, error: str) -> dict[str, Any]:
    definition = svc.definition_of(draft)
    step, _index = svc.next_step(user, draft)
    case = svc.case_of(definition, draft)
    return {
        "draft": draft,
        "d": definition,
        "case": case,
        "sections": _form_fields(draft, {}),
        "items": svc.attachments(user, draft),
        "ready": step == "review",
        "error": error,
        "applicant": user,
        "back": _back(user, draft, "review"),
    }


@applicant_required
@require_POST
def submit(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    revision = request.POST.get("revision", "")
    try:
        draft = svc.draft_get(user=user, key=key)
        svc.draft_submit(user=user, key=key, revision=int(revision) if revision.isdigit() else -1)
    except (svc.ApplyError, svc.DraftChanged) as exc:
        draft = svc.draft_get(user=user, key=key)
        context = _review_context(user, draft, str(exc))
        return render(request, "portal/apply/review.html", context, status=exc.status)
    return redirect("portal:apply_done", key=draft.key)


@applicant_required
@require_GET
def done(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    draft = svc.draft_get(user=user, key=key)
    if draft.dossier is None:
        return redirect(_step_url(user, draft))
    dossier = draft.dossier
    due, confirmed = svc.expected_due(dossier)
    fee = svc.fee_due(dossier)
    return render(
        request,
        "portal/apply/done.html",
        {
            "draft": draft,
            "dossier": dossier,
            "due": due,
            "due_confirmed": confirmed,
            "fee": fee,
            "fee_text": f"{fee:,}".replace(",", ".") if fee else "",  # Vietnamese groups thousands with dots
            "pay_url": reverse("portal:payments_pay", args=[dossier.code]) if fee else "",
            "received": dossier.received_at is not None,
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, key: str) -> HttpResponse:
    user = _user(request)
    draft = _open_draft(request, key)
    if isinstance(draft, HttpResponse):
        return draft
    if request.method == "POST":
        try:
            svc.draft_delete(user=user, key=key)
        except svc.ApplyError:
            return redirect("portal:apply_done", key=draft.key)
        return redirect("portal:apply_index")
    return render(request, "portal/apply/delete.html", {"draft": draft, "back": _step_url(user, draft)})


@applicant_required
@require_GET
def document(request: HttpRequest, document_id: int) -> HttpResponseBase:
    """One of the citizen's own documents, as a download (never rendered in our origin)."""
    found = document_for(actor_for_user(_user(request)), document_id)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="document-{found.pk}{EXTENSIONS.get(found.content_type, "")}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
