"""Lookups in the register. Every lookup states a purpose and writes exactly one access-log entry
(plus one subject row per record shown), in one transaction, whatever it finds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.context import request_id
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.text import fold
from motcua.registry.accessors import Accessor, Purpose
from motcua.registry.codelists import ethnicities, religions
from motcua.registry.constants import BULK_LIMIT, FIELDS, DatePrecision, FieldSet, LookupKind, ResidenceKind
from motcua.registry.models import AccessLog, AccessLogSubject, Person, Residence

_ID = re.compile(r"[0-9]{12}")  # ASCII digits only (a bare \d takes any script's digits)
_HOUSEHOLD = re.compile(r"^[0-9A-Z]{6,20}$")
_NEEDS_RESIDENCE = {"permanent_unit", "current_unit", "permanent_address", "current_address"}


@dataclass(frozen=True)
class LookupResult:
    records: list[dict[str, Any]]
    log_id: int
    field_set: str
    not_found: list[str] = field(default_factory=list)


PERSON_VALUES = (
    "personal_id", "old_id", "full_name", "birth_date", "birth_date_precision", "sex", "ethnicity", "religion",
    "nationality", "native_place", "birth_registration_place", "marital_status", "father_id", "mother_id",
    "spouse_id", "household_id", "relation_to_head", "death_date",
)  # fmt: skip
Row = dict[str, Any]


def _residences(ids: list[str]) -> Residences:
    """(personal ID, kind) → (unit code, unit name, address) of the open residences."""
    found: Residences = {}
    for start in range(0, len(ids), 900):
        rows = (
            Residence.objects.open()
            .filter(person_id__in=ids[start : start + 900])
            .order_by("valid_from")
            .values_list("person_id", "kind", "unit__code", "unit__name", "address")
        )
        for pid, kind, code, name, address in rows:
            found[(pid, kind)] = (code, name, address)
    return found


Residences = dict[tuple[str, str], tuple[str, str, str]]


def records_of(people: Sequence[Row], field_set: str, residences: Residences | None = None) -> list[dict[str, Any]]:
    """The people (rows of :data:`PERSON_VALUES`) as dictionaries of the fields of ``field_set`` only
    (``residences``: their open residences, when the caller already has them)."""
    names = FIELDS[field_set]
    if residences is None:
        residences = _residences([p["personal_id"] for p in people]) if _NEEDS_RESIDENCE & set(names) else {}
    ethnic, religion = ethnicities(), religions()
    nothing = (None, None, None)
    out: list[dict[str, Any]] = []
    for p in people:
        pid = p["personal_id"]
        perm = residences.get((pid, ResidenceKind.PERMANENT), nothing)
        cur = residences.get((pid, ResidenceKind.CURRENT), nothing)
        birth = p["birth_date"]
        full: dict[str, Any] = {
            **p,
            "old_id": p["old_id"] or None,
            "birth_date": str(birth.year) if p["birth_date_precision"] == DatePrecision.YEAR else birth.isoformat(),
            "ethnicity": ethnic.get(p["ethnicity"], p["ethnicity"]),
            "religion": religion.get(p["religion"], p["religion"]),
            "native_place": p["native_place"] or None,
            "birth_registration_place": p["birth_registration_place"] or None,
            "permanent_unit": perm[0],
            "permanent_unit_name": perm[1],
            "permanent_address": perm[2],
            "current_unit": cur[0],
            "current_unit_name": cur[1],
            "current_address": cur[2],
            "relation_to_head": p["relation_to_head"] or None,
            "alive": p["death_date"] is None,
            "death_date": p["death_date"].isoformat() if p["death_date"] else None,
        }
        record = {name: full[name] for name in names}
        for kind in ("permanent", "current"):
            if f"{kind}_unit" in record:
                record[f"{kind}_unit_name"] = full[f"{kind}_unit_name"]
        out.append(record)
    return out


_LOG_COLUMNS = (
    "at", "channel", "lookup_kind", "actor_user_id", "api_client_id", "actor_label", "agency_id", "purpose",
    "service_code", "dossier_ref", "query", "field_set", "result_count", "request_id",
)  # fmt: skip
#: PostgreSQL: the entry and its subjects in one statement (one round trip; atomic on its own).
_PG_LOG = (  # built from constants only
    "WITH cfg AS (SELECT set_config('synchronous_commit', "  # noqa: S608
    "CASE WHEN %s THEN 'off' ELSE current_setting('synchronous_commit') END, true)), "
    f"entry AS (INSERT INTO registry_accesslog ({', '.join(_LOG_COLUMNS)}) "
    f"SELECT {', '.join(['%s'] * len(_LOG_COLUMNS))} FROM cfg RETURNING id), "
    "subjects AS (INSERT INTO registry_accesslogsubject (log_id, person_id) "
    "SELECT entry.id, unnest(%s::varchar[]) FROM entry) "
    "SELECT id FROM entry"
)


_FOUND = ", ".join(f"found.{c}" for c in PERSON_VALUES)
_OPEN_RESIDENCES = (  # in the order the ORM query of _residences gives them (later ones win)
    "(SELECT json_agg(json_build_array(r.kind, u.code, u.name, r.address) ORDER BY r.valid_from) "
    "FROM registry_residence r JOIN geo_unit u ON u.id = r.unit_id "
    "WHERE r.person_id = found.personal_id AND r.valid_to IS NULL)"
)
#: PostgreSQL, lookup by ID: the people, their open residences, the log entry and its subjects in one
#: statement (one round trip instead of three).
_LOG_SELECT = ", ".join("(SELECT count(*) FROM found)" if c == "result_count" else "%s" for c in _LOG_COLUMNS)
_PG_LOOKUP = (  # built from constants only
    "WITH cfg AS (SELECT set_config('synchronous_commit', "  # noqa: S608
    "CASE WHEN %s THEN 'off' ELSE current_setting('synchronous_commit') END, true)), "
    f"found AS (SELECT {', '.join(PERSON_VALUES)} FROM registry_person WHERE personal_id = ANY(%s::varchar[])), "
    f"entry AS (INSERT INTO registry_accesslog ({', '.join(_LOG_COLUMNS)}) SELECT {_LOG_SELECT} FROM cfg "
    "RETURNING id), subjects AS (INSERT INTO registry_accesslogsubject (log_id, person_id) "
    "SELECT entry.id, found.personal_id FROM entry, found) "
    f"SELECT entry.id, {_FOUND}, CASE WHEN %s THEN {_OPEN_RESIDENCES} END FROM entry LEFT JOIN found ON true"
)


def _log_values(*, accessor: Accessor, purpose: Purpose, kind: str, query: str, count: int) -> dict[str, Any]:
    return {
        "at": timezone.now(),
        "channel": accessor.channel,
        "lookup_kind": kind,
        "actor_user_id": accessor.user_id,
        "api_client_id": accessor.api_client_id,
        "actor_label": accessor.label,
        "agency_id": accessor.agency_id,
        "purpose": purpose.text,
        "service_code": purpose.service_code,
        "dossier_ref": purpose.dossier_ref,
        "query": query[:300],
        "field_set": accessor.field_set,
        "result_count": count,
        "request_id": request_id.get()[:64],
    }


def _asynchronous() -> bool:
    # Asynchronous commit only when the statement is its own transaction: never change the durability
    # of a caller's surrounding transaction.
    return bool(settings.REGISTRY_ASYNC_LOG_COMMIT) and not connection.in_atomic_block


def _pg_lookup(
    *, accessor: Accessor, purpose: Purpose, kind: str, query: str, ids: list[str]
) -> tuple[list[Row], Residences, int]:
    """The people with these IDs (in the order asked), their open residences and the log entry's id."""
    values = _log_values(accessor=accessor, purpose=purpose, kind=kind, query=query, count=0)
    needs_residences = bool(_NEEDS_RESIDENCE & set(FIELDS[accessor.field_set]))
    params = [_asynchronous(), ids, *(values[c] for c in _LOG_COLUMNS if c != "result_count")]
    with connection.cursor() as cursor:
        cursor.execute(_PG_LOOKUP, [*params, needs_residences])
        rows = cursor.fetchall()
    by_id: dict[str, Row] = {}
    residences: Residences = {}
    for row in rows:
        pid, open_residences = row[1], row[-1]
        if pid is None:
            continue  # nobody found: the one row carries only the log entry
        by_id[pid] = dict(zip(PERSON_VALUES, row[1:-1], strict=True))
        for residence_kind, code, name, address in open_residences or ():
            residences[(pid, residence_kind)] = (code, name, address)
    return [by_id[i] for i in ids if i in by_id], residences, int(rows[0][0])


def _log(*, accessor: Accessor, purpose: Purpose, kind: str, query: str, people: Sequence[Row]) -> int:
    values = _log_values(accessor=accessor, purpose=purpose, kind=kind, query=query, count=len(people))
    ids = [p["personal_id"] for p in people]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_LOG, [_asynchronous(), *(values[c] for c in _LOG_COLUMNS), ids])
            row = cursor.fetchone()
        assert row is not None
        return int(row[0])
    with transaction.atomic():
        entry = AccessLog.objects.create(**values)
        AccessLogSubject.objects.bulk_create([AccessLogSubject(log_id=entry.pk, person_id=i) for i in ids])
    return entry.pk


def person_lookup(*, accessor: Accessor, purpose: Purpose, personal_ids: Sequence[str]) -> LookupResult:
    """Look up 1–1,000 people by personal ID."""
    purpose = purpose.check()
    ids = list(dict.fromkeys(i.strip() for i in personal_ids))
    if not ids or len(ids) > BULK_LIMIT:
        raise DomainError(_("Give between 1 and 1,000 personal IDs."), code="bad_id_count", status=422)
    if bad := [i for i in ids if not _ID.fullmatch(i)]:
        raise DomainError(
            _("Not a 12-digit personal ID: %(ids)s") % {"ids": ", ".join(bad[:5])},
            code="invalid_personal_id",
            status=422,
        )
    if accessor.self_id is not None and ids != [accessor.self_id]:
        raise PermissionDenied(_("A citizen may read only their own record."), code="not_own_record")
    kind = LookupKind.SELF if accessor.self_id is not None else LookupKind.BY_ID
    query = ids[0] if len(ids) == 1 else f"{len(ids)} IDs"
    residences: Residences | None = None
    if connection.vendor == "postgresql":
        people, residences, log_id = _pg_lookup(accessor=accessor, purpose=purpose, kind=kind, query=query, ids=ids)
    else:
        found = Person.objects.filter(personal_id__in=ids) if len(ids) > 1 else Person.objects.filter(pk=ids[0])
        by_id = {p["personal_id"]: p for p in found.values(*PERSON_VALUES)}
        people = [by_id[i] for i in ids if i in by_id]
        log_id = _log(accessor=accessor, purpose=purpose, kind=kind, query=query, people=people)
    shown = {p["personal_id"] for p in people}
    return LookupResult(
        records_of(people, accessor.field_set, residences),
        log_id,
        accessor.field_set,
        [i for i in ids if i not in shown],
    )


def person_search(
    *,
    accessor: Accessor,
    purpose: Purpose,
    full_name: str,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
) -> LookupResult:
    """Find people by full name (accents optional) and date or year of birth; at most 50 results."""
    purpose = purpose.check()
    if accessor.self_id is not None:
        raise PermissionDenied(_("A citizen may read only their own record."), code="not_own_record")
    folded = fold(full_name)
    if len(folded) < 2 or (birth_date is None and birth_year is None):
        raise DomainError(_("Give a full name and a date or year of birth."), code="search_too_broad", status=422)
    people_qs = Person.objects.filter(name_folded=folded)
    if birth_date is not None:
        people_qs = people_qs.filter(birth_date=birth_date)
    else:
        assert birth_year is not None
        people_qs = people_qs.filter(
            birth_date__gte=dt.date(birth_year, 1, 1), birth_date__lte=dt.date(birth_year, 12, 31)
        )
    people = list(people_qs.order_by("personal_id").values(*PERSON_VALUES)[:50])
    query = f"{full_name.strip()[:100]} / {birth_date.isoformat() if birth_date else birth_year}"
    log_id = _log(accessor=accessor, purpose=purpose, kind=LookupKind.BY_NAME, query=query, people=people)
    return LookupResult(records_of(people, accessor.field_set), log_id, accessor.field_set)


def household_lookup(*, accessor: Accessor, purpose: Purpose, household_code: str) -> LookupResult:
    """The members of a household (head first). Needs at least the standard field set."""
    purpose = purpose.check()
    if accessor.self_id is not None:
        raise PermissionDenied(_("A citizen may read only their own record."), code="not_own_record")
    if accessor.field_set == FieldSet.MINIMAL:
        raise PermissionDenied(_("Your role does not allow household lookups."), code="lookup_not_allowed")
    code = household_code.strip().upper()
    if not _HOUSEHOLD.match(code):
        raise DomainError(_("Not a household number."), code="invalid_household", status=422)
    members = Person.objects.filter(household_id=code).values(*PERSON_VALUES)[:100]
    people = sorted(members, key=lambda p: (p["relation_to_head"] != "head", p["birth_date"]))
    log_id = _log(accessor=accessor, purpose=purpose, kind=LookupKind.BY_HOUSEHOLD, query=code, people=people)
    return LookupResult(records_of(people, accessor.field_set), log_id, accessor.field_set)
