"""Export and import of the catalogue as JSON (format ``motcua.catalog/1``, documented in ``catalog/data/FORMAT.md``).

Import is all or nothing: every problem of the document is collected with its path, and nothing is
written unless there is none. Importing what is already there changes nothing (idempotent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.constants import EXPORT_FORMAT, VersionStatus
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services.versions import procedure_columns
from motcua.catalog.validation import Problem, definition_check


def catalog_export(*, codes: list[str] | None = None, include_drafts: bool = True) -> dict[str, Any]:
    """The catalogue (or the procedures ``codes``) with all their versions, in a stable order."""
    procedures = Procedure.objects.order_by("code").prefetch_related("versions")
    if codes is not None:
        procedures = procedures.filter(code__in=codes)
    items = []
    for procedure in procedures:
        versions = sorted(procedure.versions.all(), key=lambda v: v.number)
        items.append(
            {
                "code": procedure.code,
                "versions": [
                    {
                        "number": v.number,
                        "status": v.status,
                        "effective_from": v.effective_from.isoformat() if v.effective_from else None,
                        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                        "definition": v.definition,
                    }
                    for v in versions
                    if include_drafts or v.status != VersionStatus.DRAFT
                ],
            }
        )
    return {"format": EXPORT_FORMAT, "procedures": items}


@dataclass(frozen=True)
class ImportSummary:
    procedures: int
    created: int
    unchanged: int


@dataclass
class _Row:
    code: str
    number: int
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    definition: ProcedureDefinition


def _date(value: Any, path: str, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(path, _("Not a date (YYYY-MM-DD).")))
        return None


def _rows(document: Any, problems: list[Problem]) -> list[_Row]:
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        problems.append(Problem("format", _("Expected format %(format)s.") % {"format": EXPORT_FORMAT}))
        return []
    procedures = document.get("procedures")
    if not isinstance(procedures, list):
        problems.append(Problem("procedures", _("Expected a list of procedures.")))
        return []
    rows: list[_Row] = []
    seen_codes: set[str] = set()
    for i, item in enumerate(procedures):
        where = f"procedures[{i}]"
        code = item.get("code") if isinstance(item, dict) else None
        versions = item.get("versions") if isinstance(item, dict) else None
        if not isinstance(code, str) or not isinstance(versions, list) or not versions:
            problems.append(Problem(where, _("A procedure needs a code and at least one version.")))
            continue
        if code in seen_codes:
            problems.append(Problem(f"{where}.code", _("Procedure %(code)s appears twice.") % {"code": code}))
        seen_codes.add(code)
        numbers: set[int] = set()
        drafts = 0
        for j, version in enumerate(versions):
            vwhere = f"{where}.versions[{j}]"
            if not isinstance(version, dict):
                problems.append(Problem(vwhere, _("Expected an object.")))
                continue
            number, status = version.get("number"), version.get("status")
            if not isinstance(number, int) or number < 1 or number in numbers:
                problems.append(Problem(f"{vwhere}.number", _("Version numbers are distinct positive integers.")))
                continue
            numbers.add(number)
            if status not in VersionStatus.values:
                problems.append(Problem(f"{vwhere}.status", _("Unknown status %(status)s.") % {"status": status}))
                continue
            drafts += status == VersionStatus.DRAFT
            start = _date(version.get("effective_from"), f"{vwhere}.effective_from", problems)
            end = _date(version.get("effective_to"), f"{vwhere}.effective_to", problems)
            definition, found = definition_check(version.get("definition"))
            problems += [p.under(f"{vwhere}.definition") for p in found]
            if definition is not None and definition.code != code:
                problems.append(
                    Problem(f"{vwhere}.definition.code", _("The definition's code differs from the procedure's."))
                )
            if definition is not None and not found:
                rows.append(_Row(code, number, status, start, end, definition))
        if drafts > 1:
            problems.append(Problem(where, _("A procedure has at most one draft.")))
    return rows


def catalog_import(*, actor_id: int | None, document: Any, dry_run: bool = False) -> ImportSummary:
    """Import a catalogue document; raise :class:`InvalidDefinition` (importing nothing) on any problem."""
    problems: list[Problem] = []
    rows = _rows(document, problems)
    index = [str(p.get("code")) for p in document.get("procedures", [])] if not problems else []
    existing = {
        (v.procedure.code, v.number): v
        for v in ProcedureVersion.objects.select_related("procedure").filter(procedure__code__in=list(index))
    }
    known = set(index) | set(
        Procedure.objects.filter(code__in=[c for r in rows for c in r.definition.parts]).values_list("code", flat=True)
    )
    for row in rows:
        problems.extend(
            Problem(
                f"procedures[{index.index(row.code)}]",
                _("The group names an unknown procedure %(code)s.") % {"code": part},
            )
            for part in row.definition.parts
            if part not in known
        )
    fresh: list[_Row] = []
    for row in rows:
        document_row = row.definition.model_dump(mode="json")
        old = existing.get((row.code, row.number))
        if old is None:
            fresh.append(row)
        elif old.definition != document_row or old.status != row.status:
            problems.append(
                Problem(
                    f"procedures[{index.index(row.code)}]",
                    _("Version %(number)d of %(code)s already exists with a different content.")
                    % {"number": row.number, "code": row.code},
                )
            )
    if problems:
        raise InvalidDefinition(problems)
    if dry_run:
        return ImportSummary(procedures=len(index), created=len(fresh), unchanged=len(rows) - len(fresh))
    with transaction.atomic():
        for row in fresh:
            procedure, _created = Procedure.objects.get_or_create(
                code=row.code, defaults=procedure_columns(row.definition)
            )
            ProcedureVersion.objects.create(
                procedure=procedure,
                number=row.number,
                status=row.status,
                effective_from=row.effective_from,
                effective_to=row.effective_to,
                definition=row.definition.model_dump(mode="json"),
            )
        for code in {row.code for row in fresh}:
            current = (
                ProcedureVersion.objects.filter(procedure__code=code, status=VersionStatus.PUBLISHED)
                .order_by("-number")
                .first()
            )
            if current is not None:
                parsed = ProcedureDefinition.model_validate(current.definition)
                Procedure.objects.filter(code=code).update(**procedure_columns(parsed), published=True)
    return ImportSummary(procedures=len(index), created=len(fresh), unchanged=len(rows) - len(fresh))
