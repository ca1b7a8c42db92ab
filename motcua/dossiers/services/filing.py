"""Filing — nộp hồ sơ: what a dossier is made of (parties, components), its checks, and its code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.constants import Channel
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.validation.forms import form_data_errors
from motcua.core.db import prepared_cursor
from motcua.core.identifiers import personal_id_problem, tax_code_problem
from motcua.core.text import fold
from motcua.dossiers.constants import CopyKind, Party
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import DailySequence, Dossier, DossierComponent
from motcua.dossiers.services import engine


@dataclass(frozen=True)
class PartyIn:
    """A submitter or owner (người nộp / chủ hồ sơ): a person with a personal ID, or an organisation with a tax code."""

    name: str
    id_number: str
    kind: str = Party.PERSON
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class ComponentIn:
    """A component handed in (thành phần hồ sơ)."""

    name: str
    code: str = ""
    copy_kind: str = CopyKind.ORIGINAL
    quantity: int = 1
    digitised: bool = False
    reused: bool = False
    from_store: bool = False
    file_ref: str = ""
    document_id: int | None = None  # a file in the owner's wallet (Document), checked by the caller


_SEQUENCE_SQL = (
    f"INSERT INTO {DailySequence._meta.db_table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 — our table name; values are parameters
    f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {DailySequence._meta.db_table}.last + 1 RETURNING last"
)


_RESERVE_SQL = (
    f"WITH s AS ({_SEQUENCE_SQL}) SELECT last, nextval(pg_get_serial_sequence('{Dossier._meta.db_table}', "  # noqa: S608 — our names
    f"'{Dossier._meta.pk.column if Dossier._meta.pk else 'id'}')) FROM s"
)


def next_code_and_key(agency_id: int, agency_code: str, day: dt.date) -> tuple[str, int | None]:
    """:func:`next_code`, and on PostgreSQL the new dossier's id, reserved in the same statement: its rows (the
    dossier, its audit entries, its components) then go out together (``core.db.insert_together``). None for
    the id elsewhere: the dossier's insert gives it."""
    if connection.vendor != "postgresql":
        return next_code(agency_id, agency_code, day), None
    with prepared_cursor() as cursor:
        cursor.execute(_RESERVE_SQL, [agency_id, day])
        number, key = cursor.fetchone()
    return _code(agency_code, day, number), key


def next_code(agency_id: int, agency_code: str, day: dt.date) -> str:
    """``{agency e-ID}-{yyMMdd}-{NNNN}``: one atomic upsert, safe under concurrency (SQLite ≥ 3.35, PostgreSQL),
    prepared once per connection (PostgreSQL planned the upsert on every filing)."""
    with prepared_cursor() as cursor:
        cursor.execute(_SEQUENCE_SQL, [agency_id, day])
        (number,) = cursor.fetchone()
    return _code(agency_code, day, number)


def _code(agency_code: str, day: dt.date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


_RECEIVING: dict[str, int] = {}


def receiving_agency_id(code: str) -> int | None:
    """The id of the active agency whose electronic identifier is ``code`` (None if none). The answer is kept
    per process and checked against the engine's briefly cached id → code of active agencies, so an agency
    deactivated or recoded is refused as soon as the engine would refuse it."""
    known = _RECEIVING.get(code)
    if known is not None and engine.active_agency_code(known) == code:
        return known
    found = Agency.objects.filter(code=code, active=True).values_list("pk", flat=True).first()
    if found is None:
        _RECEIVING.pop(code, None)
    else:
        _RECEIVING[code] = found
    return found


def party_check(party: PartyIn, field: str) -> None:
    if not party.name.strip():
        raise InvalidDossier(_("A name is required."), field=f"{field}.name")
    if party.kind == Party.PERSON:
        problem = personal_id_problem(party.id_number)
    elif party.kind == Party.ORGANISATION:
        problem = tax_code_problem(party.id_number)
    else:
        raise InvalidDossier(_("Unknown kind of party."), field=f"{field}.kind")
    if problem:
        raise InvalidDossier(
            _("The ID number %(number)s is not valid: %(problem)s.") % {"number": party.id_number, "problem": problem},
            field=f"{field}.id_number",
            code="invalid_id_number",
        )


def required_missing(definition: ProcedureDefinition, case_code: str, components: Sequence[ComponentIn]) -> list[str]:
    cases = definition.cases
    if case_code:
        chosen = [c for c in cases if c.code == case_code]
        if not chosen:
            raise InvalidDossier(_("The procedure has no case %(case)s.") % {"case": case_code}, field="case")
    else:
        chosen = cases[:1] if len(cases) == 1 else []
    given = {_folded(c.code) for c in components if c.code} | {_folded(c.name) for c in components}
    missing = []
    for case in chosen:
        for required in case.components:
            names = {_folded(required.name), *(_folded(a) for a in required.alternatives)} | (
                {_folded(required.code)} if required.code else set()
            )
            if required.required and not names & given:
                missing.append(required.name)
    return missing


#: The catalogue's component names and the ones integrators send recur: fold each once per process.
_folded = lru_cache(maxsize=8192)(fold)


def filing_check(
    definition: ProcedureDefinition,
    channel: str,
    case_code: str,
    form_data: dict[str, Any],
    components: Sequence[ComponentIn],
) -> None:
    if channel not in Channel.values:
        raise InvalidDossier(_("Unknown channel."), field="channel")
    missing = required_missing(definition, case_code, components)
    if missing:
        raise InvalidDossier(
            _("Required components are missing: %(names)s.") % {"names": "; ".join(missing)},
            field="components",
            code="missing_components",
        )
    for item in components:
        if item.copy_kind not in CopyKind.values or not item.name.strip() or not 1 <= item.quantity <= 100:
            raise InvalidDossier(
                _("A component is not valid: %(name)s.") % {"name": item.name[:80]}, field="components"
            )
    if definition.form is not None and form_data:
        errors = form_data_errors(definition.form.json_schema, form_data, definition.form)
        if errors:
            names = ", ".join(sorted(errors))
            raise InvalidDossier(
                _("The form has errors in: %(names)s.") % {"names": names}, field="form_data", code="invalid_form"
            )


def component_row(dossier: Dossier, c: ComponentIn) -> DossierComponent:
    return DossierComponent(
        dossier=dossier,
        code=c.code[:40],
        name=c.name[:500],
        copy_kind=c.copy_kind,
        quantity=c.quantity,
        digitised=c.digitised,
        reused=c.reused,
        from_store=c.from_store,
        file_ref=c.file_ref[:300],
        document_id=c.document_id,
    )
