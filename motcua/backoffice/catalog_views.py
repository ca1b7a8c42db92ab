"""Back-office catalogue editing for agency administrators: drafts as JSON, validation, publication and a
preview of the form as the citizen will see it. (Operators also have the Django admin.)"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.access import official_required
from motcua.catalog.constants import VersionStatus
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.formview import form_answers, form_view
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import (
    catalog_editor,
    procedure_get_editable,
    procedure_list_editable,
    procedure_may_create,
    versions_of,
)
from motcua.catalog.services.versions import procedure_draft_save, procedure_version_publish, procedure_version_retire
from motcua.catalog.validation import Problem
from motcua.catalog.validation.forms import form_data_errors
from motcua.core.errors import DomainError, NotFound


def _user_id(request: HttpRequest) -> int:
    assert request.user.pk is not None
    return int(request.user.pk)


def _editable(request: HttpRequest, code: str) -> Procedure:
    try:
        return procedure_get_editable(user_id=_user_id(request), code=code)
    except NotFound as exc:
        raise Http404(str(exc.detail)) from exc


def _version(procedure: Procedure, number: int) -> ProcedureVersion:
    for version in versions_of(procedure=procedure):
        if version.number == number:
            return version
    raise Http404(_("No such procedure version."))


@official_required
def catalog_home(request: HttpRequest) -> HttpResponse:
    if not catalog_editor(user_id=_user_id(request)):
        return render(request, "backoffice/forbidden.html", status=403)
    procedures = procedure_list_editable(user_id=_user_id(request))
    return render(request, "backoffice/catalog/list.html", {"procedures": procedures})


@official_required
def procedure_versions(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _editable(request, code)
    versions = versions_of(procedure=procedure)
    return render(
        request,
        "backoffice/catalog/procedure.html",
        {
            "procedure": procedure,
            "versions": versions,
            "has_draft": any(v.status == VersionStatus.DRAFT for v in versions),
            "today": timezone.localdate(),
        },
    )


@official_required
def procedure_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit the draft (made from the latest version when there is none) as a JSON definition."""
    procedure = _editable(request, code)
    versions = versions_of(procedure=procedure)
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    base = draft or (versions[0] if versions else None)
    problems: list[Problem] = []
    text = json.dumps(base.definition if base else {}, ensure_ascii=False, indent=2)
    if request.method == "POST":
        text = request.POST.get("definition", "")
        try:
            document: Any = json.loads(text)
        except ValueError as exc:
            problems = [Problem("", _("Not valid JSON: %(error)s") % {"error": exc})]
        else:
            if not isinstance(document, dict) or document.get("code") != procedure.code:
                problems = [
                    Problem("code", _("The definition must keep the code %(code)s.") % {"code": procedure.code})
                ]
            else:
                try:
                    saved = procedure_draft_save(actor_id=_user_id(request), definition=document)
                except InvalidDefinition as exc:
                    problems = exc.problems
                else:
                    messages.success(request, _("Draft version %(number)d saved.") % {"number": saved.number})
                    return redirect("backoffice:catalog_procedure", code=procedure.code)
    context = {"procedure": procedure, "draft": draft, "text": text, "problems": problems}
    return render(request, "backoffice/catalog/edit.html", context, status=422 if problems else 200)


@official_required
def procedure_new(request: HttpRequest) -> HttpResponse:
    """A new procedure, starting as a draft (the department it names must be the administrator's)."""
    if not catalog_editor(user_id=_user_id(request)):
        return render(request, "backoffice/forbidden.html", status=403)
    problems: list[Problem] = []
    text = request.POST.get("definition", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            document: Any = json.loads(text)
        except ValueError as exc:
            problems = [Problem("", _("Not valid JSON: %(error)s") % {"error": exc})]
        else:
            managing = document.get("managing_agency", "") if isinstance(document, dict) else ""
            if not procedure_may_create(user_id=_user_id(request), managing_agency=str(managing)):
                problems = [Problem("managing_agency", _("Name the department you administer as the managing agency."))]
            else:
                try:
                    saved = procedure_draft_save(actor_id=_user_id(request), definition=document)
                except InvalidDefinition as exc:
                    problems = exc.problems
                else:
                    messages.success(request, _("Draft version %(number)d saved.") % {"number": saved.number})
                    return redirect("backoffice:catalog_procedure", code=saved.procedure.code)
    context = {"procedure": None, "draft": None, "text": text, "problems": problems}
    return render(request, "backoffice/catalog/edit.html", context, status=422 if problems else 200)


@official_required
@require_POST
def procedure_retire(request: HttpRequest, code: str, number: int) -> HttpResponse:
    procedure = _editable(request, code)
    try:
        procedure_version_retire(actor_id=_user_id(request), version_id=_version(procedure, number).pk)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("Version %(number)d retired.") % {"number": number})
    return redirect("backoffice:catalog_procedure", code=procedure.code)


@official_required
@require_POST
def procedure_publish(request: HttpRequest, code: str, number: int) -> HttpResponse:
    procedure = _editable(request, code)
    version = _version(procedure, number)
    try:
        effective = (
            dt.date.fromisoformat(request.POST.get("effective_from", ""))
            if request.POST.get("effective_from")
            else None
        )
        procedure_version_publish(actor_id=_user_id(request), version_id=version.pk, effective_from=effective)
    except ValueError:
        messages.error(request, _("Give the date as YYYY-MM-DD."))
    except DomainError as exc:
        messages.error(request, str(exc.detail))
    else:
        messages.success(request, _("Version %(number)d published.") % {"number": number})
    return redirect("backoffice:catalog_procedure", code=procedure.code)


@official_required
def procedure_preview(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The form as the citizen will see it; submitting checks the answers without saving anything."""
    procedure = _editable(request, code)
    definition = ProcedureDefinition.model_validate(_version(procedure, number).definition)
    if definition.form is None:
        return render(
            request, "backoffice/catalog/preview.html", {"procedure": procedure, "number": number, "sections": []}
        )
    errors: dict[str, list[str]] = {}
    values: dict[str, str] = {}
    checked = False
    if request.method == "POST":
        values = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        errors = form_data_errors(definition.form.json_schema, form_answers(definition.form, values), definition.form)
        checked = True
    context: dict[str, Any] = {
        "procedure": procedure,
        "number": number,
        "sections": [
            {
                "title": s.title,
                "fields": [
                    {"field": f, "value": values.get(f.name, ""), "errors": errors.get(f.name, [])} for f in s.fields
                ],
            }
            for s in form_view(definition.form)
        ],
        "errors": errors,
        "values": values,
        "checked": checked,
    }
    return render(request, "backoffice/catalog/preview.html", context)
