"""The database session store, reading a session in one plain query."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.db import connections, router
from django.utils import timezone

from motcua.core.db import prepared_cursor


class SessionStore(DatabaseStore):
    """Django's database sessions; a session is read with a plain SQL query instead of the ORM's ``get``
    (building that query cost as much as the rest of the session's work on every logged-in request).
    Writing, expiry and cycling are Django's."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)}"  # noqa: S608 — our table; values are parameters
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        with prepared_cursor(connection.alias) as cursor:  # on every request with a session
            cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does for a missing or expired session
            return None
        return model(session_key=key, session_data=row[0])
