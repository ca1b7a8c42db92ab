"""Public catalogue pages: browse and search procedures, and everything a citizen needs about one."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.catalog.constants import Channel, Level, OnlineLevel, TimeUnit
from motcua.catalog.definition import Duration, ProcedureDefinition, TimeRule
from motcua.catalog.selectors import procedure_filter_options, procedure_get, procedure_search, version_definition
from motcua.core.errors import NotFound

PAGE = 20


def duration_text(time: Duration | None) -> str:
    """``3 working days``; an unknown amount or unit says so instead of guessing."""
    if time is None or time.amount is None:
        return _("not known")
    amount = f"{time.amount:g}"
    return (
        f"{amount} {TimeUnit(time.unit).label}" if time.unit else _("%(amount)s (unit not given)") % {"amount": amount}
    )


def _rule_text(rule: TimeRule) -> str:
    channel = Channel(rule.channel).label if rule.channel else _("all channels")
    note = f" – {rule.note}" if rule.note else ""
    return f"{duration_text(rule)} ({channel}){note}"


def _choice(request: HttpRequest, name: str, allowed: list[tuple[str, str]]) -> str:
    value = request.GET.get(name, "")
    return value if value in {v for v, _label in allowed} else ""


def procedure_list(request: HttpRequest) -> HttpResponse:
    options = procedure_filter_options()
    online_levels = [(str(v), str(label)) for v, label in OnlineLevel.choices]
    chosen = {
        "field": _choice(request, "field", options["fields"]),
        "agency": _choice(request, "agency", options["agencies"]),
        "level": _choice(request, "level", options["levels"]),
        "online_level": _choice(request, "online_level", online_levels),
    }
    q = request.GET.get("q", "")[:200]
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    page = procedure_search(
        q=q or None, limit=PAGE, offset=(page_number - 1) * PAGE, **{k: v or None for k, v in chosen.items()}
    )
    pages = max(1, -(-page.count // PAGE))
    query = {k: v for k, v in {"q": q, **chosen}.items() if v}

    def link(n: int) -> str:
        return "?" + urlencode({**query, "page": str(n)})

    context: dict[str, Any] = {
        "procedures": page.items,
        "count": page.count,
        "q": q,
        "chosen": chosen,
        "fields": options["fields"],
        "agencies": options["agencies"],
        "levels": options["levels"],
        "online_levels": online_levels,
        "page_number": page_number,
        "pages": pages,
        "previous_link": link(page_number - 1) if page_number > 1 else "",
        "next_link": link(page_number + 1) if page_number < pages else "",
    }
    return render(request, "portal/catalog/list.html", context)


def _submit_link(request: HttpRequest) -> str:
    """The apply flow comes with the portal issue: until then the button asks the citizen to log in and
    brings them back here."""
    return reverse("accounts:login") + "?" + urlencode({"next": request.path})


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version_param = request.GET.get("version", "")
    try:
        procedure, version = procedure_get(code=code, version=int(version_param) if version_param.isdigit() else None)
    except NotFound as exc:
        raise Http404(str(exc.detail)) from exc
    definition: ProcedureDefinition = version_definition(version)
    levels = dict(Level.choices)
    context = {
        "procedure": procedure,
        "version": version,
        "d": definition,
        "levels": [levels.get(level, level) for level in definition.levels],
        "channels": [Channel(c).label for c in definition.channels],
        "times": [_rule_text(rule) for rule in definition.times],
        "online_level": OnlineLevel(definition.online_level).label if definition.online_level else "",
        "submit_link": _submit_link(request),
        "online": Channel.ONLINE in definition.channels,
    }
    return render(request, "portal/catalog/detail.html", context)
