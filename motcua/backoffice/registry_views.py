"""Officials' pages of the population register: the lookup form (a purpose on every lookup) and, for
agency administrators, the accesses citizens flagged as unjustified."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.agencies.selectors import memberships_of
from motcua.backoffice.access import official_required
from motcua.core.errors import DomainError
from motcua.registry.accessors import Purpose, lookup_agencies_of, official_accessor
from motcua.registry.constants import FIELD_LABELS, FieldSet, MaritalStatus, Relation, Sex, StrOrPromise
from motcua.registry.policies import can_see_flags
from motcua.registry.selectors import flags_for_admin
from motcua.registry.services.lookup import LookupResult, household_lookup, person_lookup, person_search

MODES = [("id", _("Personal ID number")), ("name", _("Name and date of birth")), ("household", _("Household number"))]


class LookupForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Acting for"), coerce=int)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    service_code = forms.CharField(label=_("Public-service code"), max_length=40, required=False)
    dossier_ref = forms.CharField(label=_("Dossier"), max_length=60, required=False)
    mode = forms.ChoiceField(label=_("Look up by"), choices=MODES, initial="id", widget=forms.RadioSelect)
    personal_id = forms.CharField(label=_("Personal ID number"), max_length=12, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    household = forms.CharField(label=_("Household number"), max_length=20, required=False)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


def _run(form: LookupForm, *, user_id: int, username: str) -> LookupResult:
    data = form.cleaned_data
    accessor = official_accessor(user_id=user_id, username=username, agency_id=data["agency"])
    purpose = Purpose(text=data["purpose"], service_code=data["service_code"], dossier_ref=data["dossier_ref"])
    if data["mode"] == "name":
        birth: dt.date | None = data["birth_date"]
        return person_search(accessor=accessor, purpose=purpose, full_name=data["full_name"], birth_date=birth)
    if data["mode"] == "household":
        return household_lookup(accessor=accessor, purpose=purpose, household_code=data["household"])
    return person_lookup(accessor=accessor, purpose=purpose, personal_ids=[data["personal_id"].strip()])


@official_required
def lookup(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    allowed = lookup_agencies_of(user_id=request.user.pk)
    names = {m.agency_id: m.agency.name for m in memberships_of(user_id=request.user.pk)}
    agencies = [(pk, names[pk]) for pk in sorted(allowed, key=lambda pk: names[pk])]
    if not agencies:
        return render(request, "backoffice/forbidden.html", status=403)
    result: LookupResult | None = None
    error = ""
    if request.method == "POST":
        form = LookupForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                result = _run(form, user_id=request.user.pk, username=request.user.get_username())
            except DomainError as exc:
                error = str(exc.detail)
    else:
        form = LookupForm(agencies=agencies)
    context = {
        "form": form,
        "result": result,
        "rows": _rows(result),
        "error": error,
        "field_sets": FieldSet,
        "can_see_flags": bool(_admin_flags(request)),
    }
    return render(request, "backoffice/registry/lookup.html", context, status=422 if error else 200)


def _admin_flags(request: HttpRequest) -> bool:
    assert request.user.pk is not None
    return can_see_flags(m.role for m in memberships_of(user_id=request.user.pk))


_CHOICES: dict[str, dict[str, StrOrPromise]] = {
    "sex": dict(Sex.choices),
    "marital_status": dict(MaritalStatus.choices),
    "relation_to_head": dict(Relation.choices),
}


def _display(field: str, value: Any) -> Any:
    """A record value as an official reads it: labels for codes, dd/mm/yyyy for dates."""
    if value is None:
        return None
    if field in _CHOICES:
        return _CHOICES[field].get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in ("birth_date", "death_date") and len(value) == 10:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return value


def _rows(result: LookupResult | None) -> list[list[tuple[str, Any]]]:
    if result is None:
        return []
    return [[(str(FIELD_LABELS.get(k, k)), _display(k, v)) for k, v in record.items()] for record in result.records]


@official_required
def flags(request: HttpRequest) -> HttpResponse:
    assert request.user.pk is not None
    if not _admin_flags(request):
        return render(request, "backoffice/forbidden.html", status=403)
    found = flags_for_admin(user_id=request.user.pk)[:200]
    return render(request, "backoffice/registry/flags.html", {"flags": found})
