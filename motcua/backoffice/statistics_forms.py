"""The report period chosen on the statistics pages (kỳ báo cáo): agency, from, to, rows by field or procedure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.statistics.drilldown import MEASURES


@dataclass(frozen=True)
class Period:
    agency: str
    date_from: dt.date
    date_to: dt.date
    by: str
    children: bool

    def query(self, **extra: Any) -> str:
        """The query string of this period (and ``extra``), for links between the statistics pages."""
        values = {
            "agency": self.agency,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "by": self.by,
            "children": "1" if self.children else "0",
        }
        return urlencode(values | {k: v for k, v in extra.items() if v is not None})

    def drill(self, measure: str, **extra: Any) -> str:
        """The drill-down page listing the dossiers behind ``measure``."""
        return f"{reverse('backoffice:statistics_dossiers')}?{self.query(measure=measure, **extra)}"


class PeriodForm(forms.Form):
    agency = forms.CharField(label=_("Agency"), max_length=13, required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    by = forms.ChoiceField(
        label=_("Rows"),
        choices=[("field", _("By field")), ("procedure", _("By procedure"))],
        required=False,
    )
    children = forms.ChoiceField(choices=[("1", "1"), ("0", "0")], required=False)

    def __init__(self, data: Any, *, default_agency: str, today: dt.date) -> None:
        values = {
            "agency": data.get("agency", ""),
            "date_from": data.get("from", ""),
            "date_to": data.get("to", ""),
            "by": data.get("by", ""),
            "children": data.get("children", ""),
        }
        super().__init__(values)
        self.default_agency = default_agency
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return cleaned

    def period(self) -> Period:
        """The chosen period; this month up to today by default."""
        data = self.cleaned_data
        return Period(
            agency=data.get("agency") or self.default_agency,
            date_from=data.get("date_from") or self.today.replace(day=1),
            date_to=data.get("date_to") or self.today,
            by=data.get("by") or "field",
            children=data.get("children") != "0",
        )


class DrillForm(PeriodForm):
    measure = forms.ChoiceField(choices=[(m, m) for m in MEASURES])
    field = forms.CharField(max_length=20, required=False)
    procedure = forms.CharField(max_length=40, required=False)

    def __init__(self, data: Any, *, default_agency: str, today: dt.date) -> None:
        super().__init__(data, default_agency=default_agency, today=today)
        self.data = {**self.data, **{k: data.get(k, "") for k in ("measure", "field", "procedure")}}
