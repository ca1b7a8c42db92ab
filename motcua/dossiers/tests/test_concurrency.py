"""Races are settled by the database: one winner per state; distinct consecutive codes under load.

Real transactions and threads (each with its own connection). PostgreSQL runs the full sizes; SQLite (one
writer at a time, table locks in the shared in-memory test database) runs a smaller version, retrying
a thread whose statement met a lock — the lock is not a lost race, it is SQLite refusing to wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.dossiers.services import dossier_receive, dossier_submit, dossier_transfer
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.signals import dossier_changed
from motcua.dossiers.tests.conftest import (
    CODE,
    DEPARTMENT,
    FORM,
    PERSON,
    Staff,
    publish,
    staff_for,
    two_level_definition,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _engine_alone() -> Iterator[None]:
    """The races exercise the engine alone: listeners of ``dossier_changed`` (notifications…) are disconnected,
    as their own writes after commit meet SQLite's table locks in these threads and blur what is measured."""
    receivers = list(dossier_changed.receivers)
    dossier_changed.receivers = []
    dossier_changed.sender_receivers_cache.clear()
    yield
    dossier_changed.receivers = receivers
    dossier_changed.sender_receivers_cache.clear()


@pytest.fixture
def live_staff(make_user: Callable[..., Any]) -> Staff:
    """Reference data may have been flushed by an earlier transactional test: load it again if so."""
    if not Agency.objects.filter(name=DEPARTMENT).exists():
        _reload_reference()
    engine_cache_clear()
    publish(two_level_definition())
    return staff_for(make_user)


def _reload_reference() -> None:
    """The few units and agencies these tests use (the session's copy was flushed by a transactional test)."""
    from motcua.agencies.services import agency_upsert
    from motcua.geo.models import Unit
    from motcua.geo.services import units_load

    if not Unit.objects.filter(structure="2025", code="01").exists():
        units_load(province="01")
    province = Unit.objects.get(structure="2025", code="01")
    city = agency_upsert(
        code="000.00.00.H26",
        name="Ủy ban nhân dân Thành phố Hà Nội",
        kind="peoples_committee",
        level="province",
        unit=province,
        parent=None,
    )
    agency_upsert(
        code="000.00.03.H26", name=DEPARTMENT, kind="department", level="province", unit=province, parent=city
    )
    communes = list(Unit.objects.filter(parent=province, level="commune").exclude(code="00070").order_by("code")[:1])
    for n, unit in enumerate([Unit.objects.get(structure="2025", code="00070"), *communes], start=1):
        pc = agency_upsert(
            code=f"000.{n:02d}.50.H26",
            name=f"Ủy ban nhân dân {unit.name}",
            kind="peoples_committee",
            level="commune",
            unit=unit,
            parent=city,
        )
        agency_upsert(
            code=f"001.{n:02d}.50.H26",
            name=f"Trung tâm Phục vụ hành chính công {unit.name}",
            kind="one_stop_desk",
            level="commune",
            unit=unit,
            parent=pc,
        )


def _race(n: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    sqlite = connection.vendor == "sqlite"

    def run(i: int) -> None:
        try:
            barrier.wait()
            for _attempt in range(400):
                try:
                    results[i] = work(i)
                    return
                except OperationalError as exc:
                    # SQLite refusing to wait for a lock, or PostgreSQL (shared by other test runs) out of
                    # connection slots: the statement never ran, so trying again is not a second attempt.
                    if not ((sqlite and "locked" in str(exc)) or "too many clients" in str(exc)):
                        raise
                    connection.close()
                    time.sleep(0.005 if sqlite else 0.05)
        except DomainError as exc:
            results[i] = exc
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_exactly_one_transition_per_state(live_staff: Staff) -> None:
    staff = live_staff
    n = 20 if connection.vendor == "postgresql" else 8
    d = dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
    )
    officer = staff.actor("officer")
    results = _race(n, lambda _i: dossier_receive(actor=officer, dossier_id=d.pk, version=d.version))
    won = [r for r in results if isinstance(r, Dossier)]
    assert len(won) == 1, results
    assert all(
        isinstance(r, DomainError) and r.code in ("conflict", "stale_version") for r in results if r is not won[0]
    )
    d.refresh_from_db()
    specialist = staff.actor("specialist")
    results = _race(n, lambda _i: dossier_transfer(actor=specialist, dossier_id=d.pk, version=d.version))
    assert len([r for r in results if isinstance(r, Dossier)]) == 1, results
    d.refresh_from_db()
    assert d.audit_seq == 3 and AuditEntry.objects.filter(dossier=d).count() == 3
    assert d.step == "appraise" and d.national_status == 4


def test_concurrent_intake_gets_distinct_consecutive_codes(live_staff: Staff) -> None:
    staff = live_staff
    n = 100 if connection.vendor == "postgresql" else 20
    officer = staff.actor("officer")

    def intake(_i: int) -> Dossier:
        return dossier_submit(
            actor=officer,
            agency_id=staff.desk.pk,
            procedure_code=CODE,
            channel="in_person",
            submitter=PERSON,
            components=FORM,
            receive=True,
        )

    results = _race(n, intake)
    assert all(isinstance(r, Dossier) for r in results), [r for r in results if not isinstance(r, Dossier)][:3]
    numbers = sorted(int(r.code.rsplit("-", 1)[1]) for r in results)
    assert numbers == list(range(numbers[0], numbers[0] + n))
    assert len({r.code for r in results}) == n


def test_concurrent_results_get_distinct_consecutive_numbers(live_staff: Staff) -> None:
    """The results register's number and symbol are unique per agency and year under concurrency."""
    from django.db import transaction

    from motcua.dossiers.services.results import result_number_next

    n = 60 if connection.vendor == "postgresql" else 12
    agency = live_staff.dept.pk

    def number(_i: int) -> int:
        with transaction.atomic():
            return result_number_next(agency, 2026)

    results = _race(n, number)
    assert sorted(results) == list(range(1, n + 1)), results
    assert result_number_next(agency, 2027) == 1
