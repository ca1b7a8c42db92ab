"""Two more PostgreSQL connections for the bulk import: the residences and the households of a batch are
written there, by threads, while the main connection COPYs the batch's people (three server processes at
work instead of one, which was the import's bottleneck).

Each batch commits here first, then on the main connection with its checkpoint. A crash between the two
commits leaves residences whose person is missing; a resumed import deletes them
(:func:`drop_orphan_residences`) before redoing that batch. Households are upserted, so redoing them
changes nothing.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from queue import Queue
from typing import Any

import psycopg
from django.db import connection

from motcua.registry.writers import Household, pg_copy_residences, pg_upsert_households

_ABORT = None
Item = str | dict[str, Household] | None  # residences text, then {} (the end) or None (abort)


class SideWriter:
    """``start()``, ``feed(residences)`` as they come, then ``end(households)`` and ``wait()`` (or
    ``finish(households)``, both at once) or ``abort()``; ``commit()`` just before the main connection
    commits; ``close()`` at the end.

    Two connections: the residences stream into one while the households are upserted through the other,
    so neither waits for the other (each batch's households are known once its rows are validated)."""

    def __init__(self) -> None:
        self.conn = self._connect()
        self.homes = self._connect()
        self.pool = ThreadPoolExecutor(2, thread_name_prefix="registry-side")
        self.queue: Queue[Item] = Queue(maxsize=16)
        self.future: Future[None] | None = None
        self.homes_future: Future[None] | None = None

    @staticmethod
    def _connect() -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] = psycopg.connect(**connection.get_connection_params())
        conn.execute("SET synchronous_commit TO OFF")  # as the main connection's batches
        conn.commit()
        return conn

    def start(self) -> None:
        self.queue = Queue(maxsize=16)
        self.future = self.pool.submit(self._run, self.queue)

    def feed(self, residences: str) -> None:
        self.queue.put(residences)

    def end(self, households: dict[str, Household]) -> None:
        """No more residences in this batch; upsert its households (without waiting)."""
        self.queue.put({})
        if households:
            self.homes_future = self.pool.submit(self._upsert, households)

    def wait(self) -> None:
        """Wait for this batch's writes; raises what they raised."""
        futures = [f for f in (self.future, self.homes_future) if f is not None]
        self.future = self.homes_future = None
        for future in futures:
            future.result()

    def finish(self, households: dict[str, Household]) -> None:
        self.end(households)
        self.wait()

    def abort(self) -> None:
        """Drop this batch's writes (the main connection failed or is redoing the batch)."""
        if self.future is not None:
            self.queue.put(_ABORT)
        futures = [f for f in (self.future, self.homes_future) if f is not None]
        self.future = self.homes_future = None
        for future in futures:
            with suppress(Exception):  # the main connection's error is the one to report
                future.result()
        self.conn.rollback()
        self.homes.rollback()

    def commit(self) -> None:
        self.conn.commit()
        self.homes.commit()

    def close(self) -> None:
        self.abort()
        self.pool.shutdown()
        self.conn.close()
        self.homes.close()

    def _upsert(self, households: dict[str, Household]) -> None:
        with self.homes.cursor() as cursor:
            pg_upsert_households(cursor, households)

    def _run(self, queue: Queue[Item]) -> None:
        ending: list[Item] = []

        def residences() -> Any:
            while isinstance(item := queue.get(), str):
                yield item
            ending.append(item)

        try:
            with self.conn.cursor() as cursor:
                pg_copy_residences(cursor, residences())
                if not isinstance(ending[0], dict):
                    self.conn.rollback()
        except BaseException:
            while not ending:  # let the feeding thread finish its batch
                if not isinstance(item := queue.get(), str):
                    ending.append(item)
            raise


def drop_orphan_residences() -> int:
    """Delete residences whose person is not registered (written by a batch whose main commit was lost)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM registry_residence r WHERE NOT EXISTS "
            "(SELECT 1 FROM registry_person p WHERE p.personal_id = r.person_id)"
        )
        return int(cursor.rowcount)
