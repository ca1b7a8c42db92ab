"""Database helpers shared by the apps' hot paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


@contextmanager
def prepared_cursor(alias: str = DEFAULT_DB_ALIAS) -> Iterator[CursorWrapper]:
    """A cursor that sends parameters apart from the SQL, so that psycopg prepares a statement run five times on
    a connection and PostgreSQL stops planning it (for the public look-up: 0.6 → 0.12 ms of database CPU).

    Only for hot queries whose plan does not depend on the parameters' values: a prepared statement ends up
    with a generic plan, which cannot use a partial index whose condition is compared with a parameter (the
    site's other queries keep Django's client-side binding for that reason). A pooler in transaction mode
    must support prepared statements (PgBouncer ≥ 1.21 with ``max_prepared_statements``), or
    ``MOTCUA_DB_PREPARED_STATEMENTS`` be off. Other databases get a plain cursor.
    """
    connection = connections[alias]
    if connection.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory = ServerBindingCursor  # Django makes the cursor (time zone, debug wrapper) from it
    try:
        cursor = connection.cursor()
    finally:
        raw.cursor_factory = factory
    # Django turns psycopg's preparing off for the whole connection; here it prepares at once (and reuses the
    # statement the next time), and only this block's queries
    raw.prepare_threshold = 0
    sent: list[tuple[str, Any]] = []
    logged = len(connection.queries_log) if connection.queries_logged else None
    try:
        with cursor, connection.execute_wrapper(partial(_remember, sent)) if logged is not None else nullcontext():
            yield cursor
    finally:
        raw.prepare_threshold = threshold
        if logged is not None:
            _name_in_log(connection, logged, sent)


def _remember(sent: list[tuple[str, Any]], execute: Callable[..., Any], sql: str, params: Any, *args: Any) -> Any:
    sent.append((sql, params))
    return execute(sql, params, *args)


def _name_in_log(connection: BaseDatabaseWrapper, start: int, sent: list[tuple[str, Any]]) -> None:
    """Django logs a server-side bound query's text as None (psycopg keeps none): the text with its values, as
    the client-side cursor would have sent it, for DEBUG's log and the tests' captured queries."""
    ops: Any = connection.ops  # PostgreSQL's, which composes
    entries = [e for e in list(connection.queries_log)[start:] if e.get("sql") is None]
    for entry, (sql, params) in zip(entries, sent[len(sent) - len(entries) :], strict=False):  # the block's, in order
        entry["sql"] = ops.compose_sql(sql, params)


def fast_timestamps(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """On a new PostgreSQL connection, read ``timestamptz`` values with the C ISO parser (``connection_created``).

    Django reads them with psycopg's pure-Python loader (its subclass sets the time zone), about 5 µs a value:
    a tenth of the public look-up's time, which reads some twenty. The text PostgreSQL sends with the ISO
    DateStyle (``2026-12-07 08:15:13.778+00``) is what ``datetime.fromisoformat`` reads; anything else
    (another DateStyle, BC dates, infinity) goes to Django's loader, unchanged."""
    if connection.vendor != "postgresql":
        return
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader, is_psycopg3  # type: ignore[import-untyped]

    if not is_psycopg3:
        return
    raw = connection.connection
    current = raw.adapters.get_loader(_TIMESTAMPTZ_OID, 0)  # text format
    zone = getattr(current, "timezone", None)
    if zone is None:
        return

    class IsoTzLoader(BaseTzLoader):  # type: ignore[misc]
        timezone = zone

        def load(self, data: Any) -> dt.datetime:
            try:
                value = dt.datetime.fromisoformat(bytes(data).decode("ascii"))
            except ValueError:
                return super().load(data)  # type: ignore[no-any-return]
            if value.tzinfo is None:
                return super().load(data)  # type: ignore[no-any-return]
            return value if value.tzinfo is zone else value.astimezone(zone)

    raw.adapters.register_loader("timestamptz", IsoTzLoader)


_TIMESTAMPTZ_OID = 1184


#: Field classes whose value psycopg adapts as PostgreSQL expects without Django's conversion.
_NATIVE_ON_POSTGRESQL = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
    models.DateTimeField,
    models.DateField,
    models.UUIDField,
)


@dataclass(frozen=True, eq=False)  # one per model and database (cached): hashed by identity
class _InsertPlan:
    table: str
    columns: tuple[str, ...]  # quoted
    fields: tuple[models.Field[Any, Any], ...]
    convert: tuple[Callable[[Any], Any] | None, ...]  # None: the value goes as it is
    stamped: tuple[bool, ...]  # auto_now / auto_now_add: the field sets its own value
    returning: str  # "" when the key is not generated (or was set beforehand)
    key: str  # the key's column, quoted


@lru_cache(maxsize=64)
def _insert_plan(model: type[models.Model], alias: str, keyed: bool = False) -> _InsertPlan:
    """How to insert ``model``'s rows; ``keyed``: their generated key is set already (reserved beforehand)."""
    connection = connections[alias]
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    generated = isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField) and not keyed
    fields = tuple(f for f in meta.concrete_fields if not (generated and f is pk))
    native = connection.vendor == "postgresql"

    def converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if native and isinstance(target, _NATIVE_ON_POSTGRESQL) and not isinstance(target, models.JSONField):
            return None
        return partial(field.get_db_prep_save, connection=connection)

    quote = connection.ops.quote_name
    return _InsertPlan(
        table=quote(meta.db_table),
        columns=tuple(quote(f.column) for f in fields),
        fields=fields,
        convert=tuple(converter(f) for f in fields),
        stamped=tuple(
            isinstance(f, models.DateField) and bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
            for f in fields
        ),
        returning=f" RETURNING {quote(pk.column)}" if generated else "",
        key=quote(pk.column),
    )


@lru_cache(maxsize=512)
def _insert_sql(plan: _InsertPlan, nulls: tuple[tuple[bool, ...], ...]) -> str:
    """The statement for rows whose NULLs (``nulls``, per row and column) are written out, not sent: a new dossier
    has some fifteen, and with them as parameters its statement had more than psycopg caches the parsing of (50;
    66 µs a filing). Few patterns occur, each its own prepared statement."""
    rows = ", ".join("(" + ", ".join("NULL" if null else "%s" for null in row) + ")" for row in nulls)
    return f"INSERT INTO {plan.table} ({', '.join(plan.columns)}) VALUES {rows}{plan.returning}"  # noqa: S608 — names from the model


def insert_instances(instances: Sequence[models.Model], alias: str = DEFAULT_DB_ALIAS) -> None:
    """INSERT new instances of one model in one prepared statement and give them their primary keys: what
    ``bulk_create`` does for rows written on a hot path, without compiling the statement for every call (for a
    dossier's fifty columns the ORM's compilation cost more than PostgreSQL's insert).

    Only for plain models: no multi-table inheritance, no ``db_default``, no signals expected (``save`` sends
    ``pre_save``/``post_save``; this does not). Values are converted as ``save`` converts them; on PostgreSQL
    the types psycopg adapts itself are passed as they are. ``auto_now``/``auto_now_add`` fields are stamped.
    A generated key already set on the instances (reserved beforehand) is written, not generated.
    """
    if not instances:
        return
    plan, sql, params = _insert_statement(instances, alias)
    with prepared_cursor(alias) as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()] if plan.returning else []
    _saved(instances, keys, alias)


def insert_together(groups: Sequence[Sequence[models.Model]], alias: str = DEFAULT_DB_ALIAS) -> None:
    """:func:`insert_instances` for the rows of several models in one round trip: on PostgreSQL one statement
    whose inserts are data-modifying CTEs, their generated keys read back together; elsewhere one statement per
    model. The rows may refer to each other only through keys set beforehand (the deferred foreign keys are
    checked at commit)."""
    groups = [group for group in groups if group]
    if connections[alias].vendor != "postgresql" or len(groups) < 2:
        for group in groups:
            insert_instances(group, alias)
        return
    parts, params, reads = [], [], []
    for n, group in enumerate(groups):
        plan, sql, values = _insert_statement(group, alias)
        parts.append(f"i{n} AS ({sql})")
        params += values
        if plan.returning:
            reads.append(f"SELECT {n}, {plan.key} FROM i{n}")  # noqa: S608 — our names
    with prepared_cursor(alias) as cursor:
        cursor.execute(f"WITH {', '.join(parts)} {' UNION ALL '.join(reads) or 'SELECT NULL, NULL'}", params)
        found = cursor.fetchall()
    for n, group in enumerate(groups):
        # one INSERT takes its generated keys in the order of its rows: ascending
        _saved(group, sorted(key for part, key in found if part == n), alias)


def _insert_statement(instances: Sequence[models.Model], alias: str) -> tuple[_InsertPlan, str, list[Any]]:
    model = type(instances[0])
    if any(type(i) is not model for i in instances):
        raise TypeError("insert_instances takes instances of one model")
    keyed = instances[0].pk is not None
    if any((i.pk is not None) is not keyed for i in instances):
        raise TypeError("insert_instances takes instances whose keys are all set, or none")
    plan = _insert_plan(model, alias, keyed)
    params: list[Any] = []
    nulls: list[tuple[bool, ...]] = []
    for instance in instances:
        row = []
        for field, convert, stamped in zip(plan.fields, plan.convert, plan.stamped, strict=True):
            value = field.pre_save(instance, True) if stamped else getattr(instance, field.attname)
            row.append(value if convert is None else convert(value))
        nulls.append(tuple(value is None for value in row))
        params += [value for value in row if value is not None]
    return plan, _insert_sql(plan, tuple(nulls)), params


def _saved(instances: Sequence[models.Model], keys: list[Any], alias: str) -> None:
    for index, instance in enumerate(instances):
        if keys:
            instance.pk = keys[index]
        instance._state.adding = False
        instance._state.db = alias
