"""A second PostgreSQL connection for the bulk import: residences and households of a batch are written
there, by a thread, while the main connection COPYs the batch's people (two server processes at work
instead of one, which was the import's bottleneck).

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
Item = str | dict[str, Household] | None  # residences text, then the households (end) or None (abort)


class SideWriter:
    """``start()``, ``feed(residences)`` as they come, then ``finish(households)`` or ``abort()``;
    ``commit()`` just before the main connection commits; ``close()`` at the end."""

    def __init__(self) -> None:
        self.conn: psycopg.Connection[Any] = psycopg.connect(**connection.get_connection_params())
        self.conn.execute("SET synchronous_commit TO OFF")  # as the main connection's batches
        self.conn.commit()
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="registry-side")
        self.queue: Queue[Item] = Queue(maxsize=16)
        self.future: Future[None] | None = None

    def start(self) -> None:
        self.queue = Queue(maxsize=16)
        self.future = self.pool.submit(self._run, self.queue)

    def feed(self, residences: str) -> None:
        self.queue.put(residences)

    def finish(self, households: dict[str, Household]) -> None:
        """Write the households and wait for this batch's writes; raises what they raised."""
        assert self.future is not None
        self.queue.put(households)
        future, self.future = self.future, None
        future.result()

    def abort(self) -> None:
        """Drop this batch's writes (the main connection failed or is redoing the batch)."""
        if self.future is not None:
            self.queue.put(_ABORT)
            future, self.future = self.future, None
            with suppress(Exception):  # the main connection's error is the one to report
                future.result()
        self.conn.rollback()

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.abort()
        self.pool.shutdown()
        self.conn.close()

    def _run(self, queue: Queue[Item]) -> None:
        ending: list[Item] = []

        def residences() -> Any:
            while isinstance(item := queue.get(), str):
                yield item
            ending.append(item)

        try:
            with self.conn.cursor() as cursor:
                pg_copy_residences(cursor, residences())
                if isinstance(households := ending[0], dict):
                    pg_upsert_households(cursor, households)
                else:
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
