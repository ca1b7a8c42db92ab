"""My dossiers — hồ sơ của tôi: the citizen's dossiers, each with its public timeline and what to do now.

URLs and labels the citizen journey test clicks (Vietnamese page text in brackets):

- list: ``/my-dossiers/`` (link per dossier: its code); detail: ``/my-dossiers/<code>/``
- answer a supplement: link "Answer the supplement request" [Bổ sung hồ sơ] → ``/my-dossiers/<code>/supplement/``,
  one file input per requested item (``file-0``, ``file-1`` …; or pick ``wallet-<n>`` from the wallet),
  button "Send the supplement" [Gửi hồ sơ bổ sung]
- download the e-result: link "Download the electronic result" [Tải kết quả điện tử] → ``/my-documents/<id>/``
- slips: links "Download: <slip>" → ``/my-dossiers/<code>/slips/<kind>/`` (receipt, supplement, refusal, apology, stop)
- rate: link "Rate the service" [Đánh giá mức độ hài lòng] → ``/my-dossiers/<code>/rate/``, radios ``level`` 5…1,
  button "Send the rating" [Gửi đánh giá]
- complain: ``/my-dossiers/<code>/complain/`` (``text``, button "Send the complaint" [Gửi phản ánh])
- withdraw: ``/my-dossiers/<code>/withdraw/`` (``reason``, button "Withdraw the dossier" [Rút hồ sơ])
- notifications: ``/my-dossiers/notifications/``
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.constants import FINAL_STATES, OPEN_STATES, State
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_audit_for, dossier_get_for, dossier_queryset_for
from motcua.dossiers.services import ComponentIn, dossier_supplement_answer, dossier_withdraw
from motcua.dossiers.services.documents import document_store, wallet_of
from motcua.dossiers.slips.render import dossier_slip
from motcua.dossiers.uploads import ACCEPT_ATTRIBUTE, LimitedUploadHandler
from motcua.feedback.constants import RATABLE_STATES, Satisfaction
from motcua.feedback.selectors import complaints_of, rating_of
from motcua.feedback.services import complaint_submit, rating_submit
from motcua.notifications.progress import ACTION_STATES, expected_now, public_steps
from motcua.notifications.selectors import notifications_of
from motcua.notifications.services import notifications_mark_read
from motcua.portal.dossier_common import actor_of, citizen, citizen_only, install_upload_limit, not_found, uploaded
from motcua.portal.dossier_reads import CITIZEN_SLIPS, requested_items, results_of, slips_available

PAGE = 20
FILTERS: dict[str, frozenset[str]] = {
    "open": frozenset(OPEN_STATES),
    "action": frozenset(ACTION_STATES),
    "finished": frozenset(FINAL_STATES),
}
WITHDRAWABLE = frozenset(OPEN_STATES - {State.RESULT_READY})


@citizen_only
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("show", "")
    dossiers = dossier_queryset_for(actor=actor_of(request)).select_related("agency")
    if chosen in FILTERS:
        dossiers = dossiers.filter(state__in=FILTERS[chosen])
    else:
        chosen = ""
    page = Paginator(dossiers.order_by("-submitted_at", "-id"), PAGE).get_page(request.GET.get("page"))
    filters = [("", _("All")), ("open", _("Open")), ("action", _("Needs my action")), ("finished", _("Finished"))]
    return render(
        request,
        "portal/dossiers/list.html",
        {"page": page, "chosen": chosen, "filters": filters, "action_states": ACTION_STATES},
    )


def _own(request: HttpRequest, code: str) -> Dossier:
    return dossier_get_for(actor=actor_of(request), code=code)


@citizen_only
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        dossier = _own(request, code)
        entries = dossier_audit_for(actor=actor, code=code)
    except NotFound:
        return not_found(request)
    rating = rating_of(actor=actor, dossier_id=dossier.pk)
    context: dict[str, Any] = {
        "dossier": dossier,
        "steps": list(reversed(public_steps(entries, for_owner=True))),
        "expected": expected_now(dossier.state),
        "needs_action": dossier.state in ACTION_STATES,
        "slips": [(kind, _slip_label(kind)) for kind in slips_available(e.verb for e in entries)],
        "results": results_of(actor=actor, dossier=dossier),
        "rating": rating,
        "can_rate": rating is None and dossier.state in RATABLE_STATES,
        "can_withdraw": dossier.state in WITHDRAWABLE,
        "can_supplement": dossier.state == State.SUPPLEMENT,
        "complaints": complaints_of(actor=actor, dossier_id=dossier.pk),
        "sent": request.GET.get("sent", ""),
    }
    return render(request, "portal/dossiers/detail.html", context)


def _slip_label(kind: str) -> str:
    labels = {
        "receipt": _("Receipt and appointment slip"),
        "supplement": _("Supplement request"),
        "refusal": _("Refusal slip"),
        "apology": _("Apology and new appointment"),
        "stop": _("Stop notice"),
    }
    return labels[kind]


@citizen_only
@require_GET
def dossier_slip_download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    if kind not in CITIZEN_SLIPS:
        return not_found(request)
    actor = actor_of(request)
    try:
        dossier = _own(request, code)
        slip = dossier_slip(actor=actor, dossier_id=dossier.pk, kind=kind)
    except DomainError:
        return not_found(request)
    response = HttpResponse(bytes(slip.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{dossier.code}-{kind}.pdf"'
    return response


@csrf_exempt
@citizen_only
@require_http_methods(["GET", "POST"])
def dossier_supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer a supplement request online: one file (or a wallet document) per requested item."""
    handler = install_upload_limit(request)
    return _supplement(request, code, handler)


@csrf_protect
def _supplement(request: HttpRequest, code: str, handler: LimitedUploadHandler) -> HttpResponse:
    try:
        dossier = _own(request, code)
    except NotFound:
        return not_found(request)
    if dossier.state != State.SUPPLEMENT:
        return redirect("portal:my_dossier", code=dossier.code)
    items, reason = requested_items(dossier)
    items = items or [_("Supplementary document")]
    user = citizen(request)
    wallet = list(wallet_of(user))
    errors: dict[str, str] = {}
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")[:1000]
        components: list[ComponentIn] = []
        for n, item in enumerate(items):
            try:
                files = uploaded(request, handler, f"file-{n}")
                if files:
                    name, content = files[0]
                    doc = document_store(owner=user, content=content, name=name, doc_type=item)
                    components.append(ComponentIn(name=item, digitised=True, document_id=doc.pk))
                    continue
            except DomainError as exc:
                errors[f"file-{n}"] = str(exc.detail)
                continue
            chosen = next((d for d in wallet if str(d.pk) == request.POST.get(f"wallet-{n}")), None)
            if chosen is None:
                errors[f"file-{n}"] = _("Choose a file for “%(item)s”.") % {"item": item}
            else:
                components.append(
                    ComponentIn(name=item, digitised=True, reused=True, from_store=True, document_id=chosen.pk)
                )
        if not errors:
            try:
                dossier_supplement_answer(
                    actor=actor_of(request), dossier_id=dossier.pk, components=components, note=note
                )
            except DomainError as exc:
                errors["form"] = str(exc.detail)
            else:
                return redirect(reverse("portal:my_dossier", kwargs={"code": dossier.code}) + "?sent=supplement")
    fields = [{"n": n, "item": item, "error": errors.get(f"file-{n}", "")} for n, item in enumerate(items)]
    return render(
        request,
        "portal/dossiers/supplement.html",
        {
            "dossier": dossier,
            "fields": fields,
            "reason": reason,
            "wallet": wallet,
            "errors": errors,
            "note": note,
            "accept": ACCEPT_ATTRIBUTE,
        },
        status=422 if errors else 200,
    )


def _form_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    template: str,
    sent: str,
    fields: dict[str, int],
    submit: Callable[[dict[str, str]], object],
    **extra: object,
) -> HttpResponse:
    """GET: the form; POST: the service called with the posted fields (each cut to its length). Success goes
    back to the dossier with a banner; a refused input shows the form again with the error."""
    values = dict.fromkeys(fields, "")
    error = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "")[:limit] for name, limit in fields.items()}
        try:
            submit(values)
        except DomainError as exc:
            error = str(exc.detail)
        else:
            return redirect(reverse("portal:my_dossier", kwargs={"code": dossier.code}) + f"?sent={sent}")
    context = {"dossier": dossier, "error": error, **values, **extra}
    return render(request, template, context, status=422 if error else 200)


@citizen_only
@require_http_methods(["GET", "POST"])
def dossier_withdraw_view(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = _own(request, code)
    except NotFound:
        return not_found(request)
    if dossier.state not in WITHDRAWABLE:
        return redirect("portal:my_dossier", code=dossier.code)
    actor = actor_of(request)
    return _form_page(
        request,
        dossier,
        template="portal/dossiers/withdraw.html",
        sent="withdrawn",
        fields={"reason": 1000},
        submit=lambda v: dossier_withdraw(actor=actor, dossier_id=dossier.pk, reason=v["reason"]),
    )


@citizen_only
@require_http_methods(["GET", "POST"])
def dossier_rate(request: HttpRequest, code: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        dossier = _own(request, code)
    except NotFound:
        return not_found(request)
    if dossier.state not in RATABLE_STATES or rating_of(actor=actor, dossier_id=dossier.pk) is not None:
        return redirect("portal:my_dossier", code=dossier.code)
    return _form_page(
        request,
        dossier,
        template="portal/dossiers/rate.html",
        sent="rating",
        fields={"level": 2, "comment": 2000},
        submit=lambda v: rating_submit(
            actor=actor,
            dossier_id=dossier.pk,
            level=int(v["level"]) if v["level"].isdigit() else 0,
            comment=v["comment"],
        ),
        levels=Satisfaction.choices,
    )


@citizen_only
@require_http_methods(["GET", "POST"])
def dossier_complain(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = _own(request, code)
    except NotFound:
        return not_found(request)
    actor = actor_of(request)
    return _form_page(
        request,
        dossier,
        template="portal/dossiers/complain.html",
        sent="complaint",
        fields={"text": 4000},
        submit=lambda v: complaint_submit(actor=actor, dossier_id=dossier.pk, text=v["text"]),
    )


@citizen_only
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = citizen(request)
    page = Paginator(notifications_of(user_id=user.pk), PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/dossiers/notifications.html", {"page": page})


@citizen_only
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user_id=citizen(request).pk)
    return redirect("portal:my_notifications")
