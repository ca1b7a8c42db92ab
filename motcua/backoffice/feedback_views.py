"""Complaints about dossiers' handling (phản ánh, kiến nghị) that reached the official's agencies: the list,
and one complaint with its answer form."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import User
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.actors import Actor, actor_for_user
from motcua.feedback.constants import ComplaintStatus
from motcua.feedback.selectors import complaints_for
from motcua.feedback.services import complaint_answer


def _actor(request: HttpRequest) -> Actor:
    assert isinstance(request.user, User)
    return actor_for_user(request.user)


@official_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ComplaintStatus.values else ""
    complaints = complaints_for(actor=_actor(request), status=status or None)
    page = Paginator(complaints, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/feedback/list.html",
        {"page": page, "status": status, "statuses": ComplaintStatus.choices},
    )


@official_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    actor = _actor(request)
    complaint = complaints_for(actor=actor).filter(pk=complaint_id).first()
    if complaint is None:
        return render(request, "404.html", status=404)
    error, answer = "", ""
    if request.method == "POST":
        answer = request.POST.get("answer", "")[:4000]
        try:
            complaint_answer(actor=actor, complaint_id=complaint.pk, answer=answer)
        except NotFound:
            return render(request, "404.html", status=404)
        except DomainError as exc:
            error = str(exc.detail)
        else:
            return redirect("backoffice:feedback_complaint", complaint_id=complaint.pk)
    return render(
        request,
        "backoffice/feedback/detail.html",
        {"complaint": complaint, "error": error, "answer": answer, "answered": ComplaintStatus.ANSWERED},
        status=422 if error else 200,
    )
