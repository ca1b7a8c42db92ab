"""``prepared_cursor``: PostgreSQL prepares the block's statements, and only those. ``fast_timestamps``: the
connection reads ``timestamptz`` values as Django's own loader does, faster. ``insert_instances``: rows as
``save`` writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.db import insert_instances, insert_together, prepared_cursor

pytestmark = pytest.mark.django_db


def test_the_prepared_cursor_answers_on_every_database() -> None:
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone()[0] == 42


def test_only_the_blocks_statements_are_prepared() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the other databases get a plain cursor")
    for n in range(3):
        with prepared_cursor() as cursor:
            cursor.execute("SELECT %s::int + 1", [n])
            assert cursor.fetchone() == (n + 1,)
    for n in range(8):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::int + 2", [n])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        statements = cursor.fetchall()
    assert [runs for text, runs in statements if "+ 1" in text] == [3]
    assert not [text for text, _runs in statements if "+ 2" in text]


def test_nothing_is_prepared_when_turned_off() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the other databases get a plain cursor")
    with override_settings(DB_PREPARED_STATEMENTS=False):
        for n in range(3):
            with prepared_cursor() as cursor:
                cursor.execute("SELECT %s::int + 3", [n])
                assert cursor.fetchone() == (n + 3,)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        assert not [text for (text,) in cursor.fetchall() if "+ 3" in text]


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the fast timestamp loader is PostgreSQL's")


def django_reads(text: str) -> dt.datetime:
    """What Django's own loader makes of a ``timestamptz`` text."""
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader  # type: ignore[import-untyped]

    class Reference(BaseTzLoader):  # type: ignore[misc]
        timezone = dt.UTC

    return Reference(1184, connection.connection).load(text.encode())  # type: ignore[no-any-return]


def test_the_connection_reads_timestamps_with_the_fast_loader() -> None:
    postgresql_only()
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(1184, 0)
    assert loader.__name__ == "IsoTzLoader"
    with connection.cursor() as cursor:  # Django's cursor keeps it (same time zone: not registered again)
        cursor.execute("SELECT '2026-12-07 08:15:13.778+00'::timestamptz")
        (value,) = cursor.fetchone()
    assert value == dt.datetime(2026, 12, 7, 8, 15, 13, 778000, tzinfo=dt.UTC)
    assert value.tzinfo is dt.UTC


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)))
def test_timestamps_read_back_exactly_as_djangos_loader_reads_them(value: dt.datetime) -> None:
    postgresql_only()
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, (%s::timestamptz)::text", [value, value])
        read, text = cursor.fetchone()
    assert read == value == django_reads(text)
    assert read.tzinfo is dt.UTC


def outcome(read: Callable[[], object]) -> tuple[str, object]:
    try:
        return "value", read()
    except Exception:
        return "error", None


@pytest.mark.parametrize("literal", ["'2026-12-07 08:15:13.5+07'", "'0044-03-15 12:00:00+00 BC'", "'infinity'"])
def test_what_iso_cannot_read_goes_to_djangos_loader(literal: str) -> None:
    postgresql_only()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({literal}::timestamptz)::text")
        (text,) = cursor.fetchone()

    def fetch() -> object:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {literal}::timestamptz")
            return cursor.fetchone()[0]

    with transaction.atomic():  # a failed read must not spoil the test's transaction
        got = outcome(fetch)
    assert got == outcome(lambda: django_reads(text))


# --- insert_instances: what save() would have written ------------------------------------------------------

_text = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)  # PG text
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8,
)
_json_document = st.lists(_json, max_size=3) | st.dictionaries(_text, _json, max_size=3)  # a bare None is NULL
_instants = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2200, 1, 1), timezones=st.just(dt.UTC)
)


@settings(max_examples=40, deadline=None)
@given(
    args=_json_document,
    path=_text,
    priority=st.integers(-100, 100),
    run_after=st.none() | _instants,
    worker_ids=_json_document,
)
def test_a_row_inserted_reads_back_as_the_orm_would_have_written_it(
    args: object, path: str, priority: int, run_after: dt.datetime | None, worker_ids: object
) -> None:
    """A model with a UUID key, JSON, text, integers and times (one ``auto_now_add``), written both ways."""
    from django_tasks_db.models import DBTaskResult

    values = {
        "args_kwargs": args,
        "task_path": path,
        "priority": priority,
        "run_after": run_after or dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
        "worker_ids": worker_ids,
        "queue_name": "default",
        "backend_name": "default",
    }
    with transaction.atomic():
        by_orm = DBTaskResult.objects.create(**values)
        fast: DBTaskResult[Any, Any] = DBTaskResult(**values)
        insert_instances([fast])
        assert not fast._state.adding
        columns = [f.attname for f in DBTaskResult._meta.concrete_fields if f.attname not in ("id", "enqueued_at")]
        rows: dict[Any, dict[str, Any]] = {
            r["id"]: dict(r) for r in DBTaskResult.objects.filter(pk__in=[by_orm.pk, fast.pk]).values()
        }
        assert {c: rows[fast.pk][c] for c in columns} == {c: rows[by_orm.pk][c] for c in columns}
        assert rows[fast.pk]["enqueued_at"] == fast.enqueued_at  # stamped like auto_now_add
        transaction.set_rollback(True)


def test_generated_keys_come_back_in_the_order_of_the_rows() -> None:
    from django.contrib.auth.models import Group

    groups = [Group(name=f"nhóm {n}") for n in (3, 1, 2, 5, 4)]
    insert_instances(groups)
    assert {g.pk: g.name for g in groups} == dict(
        Group.objects.filter(name__startswith="nhóm ").values_list("pk", "name")
    )
    assert all(g.pk is not None and not g._state.adding for g in groups)


def test_instances_of_two_models_are_refused() -> None:
    from django.contrib.auth.models import Group, Permission

    with pytest.raises(TypeError):
        insert_instances([Group(name="a"), Permission(name="b")])
    insert_instances([])  # nothing to do


def test_a_prepared_querys_text_is_in_the_debug_log() -> None:
    """psycopg keeps no text for a server-side bound query, so Django logged None; the log shows it with its values."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        with prepared_cursor() as cursor:
            cursor.execute("SELECT CAST(%s AS INTEGER) + 1, CAST(%s AS TEXT)", [41, "hồ sơ"])
            assert cursor.fetchone() == (42, "hồ sơ")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
    texts = [q["sql"] for q in captured.captured_queries]
    assert texts[-1] == "SELECT 2"
    assert texts[-2] is not None and "41" in texts[-2] and "hồ sơ" in texts[-2]


def test_rows_with_their_nulls_in_different_places_read_back() -> None:
    """NULLs are written into the statement, per row: rows of one INSERT may have them in different columns."""
    from django_tasks_db.models import DBTaskResult

    stamp = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
    rows: list[DBTaskResult[Any, Any]] = [
        DBTaskResult(args_kwargs={"args": [n]}, task_path=f"t.{n}", run_after=stamp, queue_name="q", backend_name="b")
        for n in range(3)
    ]
    rows[0].return_value, rows[1].started_at, rows[2].finished_at = {"ok": True}, stamp, stamp
    insert_instances(rows)
    read = {r.task_path: r for r in DBTaskResult.objects.filter(task_path__startswith="t.")}
    assert (read["t.0"].return_value, read["t.0"].started_at, read["t.0"].finished_at) == ({"ok": True}, None, None)
    assert (read["t.1"].return_value, read["t.1"].started_at, read["t.1"].finished_at) == (None, stamp, None)
    assert (read["t.2"].return_value, read["t.2"].started_at, read["t.2"].finished_at) == (None, None, stamp)


def test_rows_of_several_models_inserted_together_get_their_keys() -> None:
    """One statement on PostgreSQL (CTEs), one per model elsewhere: the same rows and keys either way."""
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult

    first = [Group(name=f"nhóm {n}") for n in (2, 1, 3)]
    task: DBTaskResult[Any, Any] = DBTaskResult(
        args_kwargs={"args": []}, task_path="t.x", run_after=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    )
    reserved = Group(pk=987_654, name="nhóm giữ chỗ")  # a key set beforehand is written as it is
    last = [Group(name="nhóm cuối")]
    with transaction.atomic():
        insert_instances([])  # nothing
        insert_together([first, [], [task], [reserved], last])
    assert all(not g._state.adding for g in [*first, reserved, *last]) and not task._state.adding
    names = dict(Group.objects.filter(name__startswith="nhóm").values_list("pk", "name"))
    assert {g.pk: g.name for g in [*first, reserved, *last]} == names
    assert first[0].pk < first[1].pk < first[2].pk  # in the order of the rows
    assert reserved.pk == 987_654
    assert DBTaskResult.objects.filter(pk=task.pk, task_path="t.x").exists()
