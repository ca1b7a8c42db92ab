from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models import Q
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.core.db import prepared_cursor


class LoginBackend(ModelBackend):
    """Log in with a user name, an e-mail address or a phone number, and a password."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        ident = username.strip()
        user = User.objects.filter(Q(username=ident) | Q(email__iexact=ident) | Q(phone=ident)).order_by("id").first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint that the user exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The session's user with their confirmed TOTP devices, in one query: every request of a logged-in
        official needs both (the back office's gate checks the second factor), and two ORM reads cost a tenth
        of a worklist page. The devices go to :class:`motcua.accounts.middleware.OTPMiddleware`."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user, devices = user_with_devices(pk)
        if user is None or not self.user_can_authenticate(user):
            return None
        user.confirmed_totp_devices = devices  # type: ignore[attr-defined]
        return user


_USER_FIELDS = list(User._meta.concrete_fields)
_DEVICE_FIELDS = list(TOTPDevice._meta.concrete_fields)
_USER_NAMES = [f.attname for f in _USER_FIELDS]
_DEVICE_NAMES = [f.attname for f in _DEVICE_FIELDS]


def user_with_devices(pk: int) -> tuple[User | None, dict[int, TOTPDevice]]:
    """User ``pk`` and their confirmed TOTP devices by id (one row per device, or one row without)."""
    db = router.db_for_read(User)
    with prepared_cursor(db) as cursor:  # on every logged-in request: planned once per connection
        cursor.execute(_user_sql(db), [True, pk])
        rows = cursor.fetchall()
    if not rows:
        return None, {}
    width = len(_USER_FIELDS)
    user = User.from_db(db, _USER_NAMES, _converted(db, User, rows[0][:width]))
    devices: dict[int, TOTPDevice] = {}
    for row in rows:
        if row[width] is None:  # the device's id: no confirmed device
            continue
        device = TOTPDevice.from_db(db, _DEVICE_NAMES, _converted(db, TOTPDevice, row[width:]))
        device.user = user  # the same instance: no query when the device's user is read
        devices[device.pk] = device
    return user, devices


@functools.cache
def _user_sql(db: str) -> str:
    quote = connections[db].ops.quote_name
    columns = [f"u.{quote(f.column)}" for f in _USER_FIELDS] + [f"d.{quote(f.column)}" for f in _DEVICE_FIELDS]
    return (
        f"SELECT {', '.join(columns)} FROM {quote(User._meta.db_table)} u"  # noqa: S608 — our tables; values are parameters
        f" LEFT JOIN {quote(TOTPDevice._meta.db_table)} d ON d.{quote('user_id')} = u.{quote('id')}"
        f" AND d.{quote('confirmed')} = %s WHERE u.{quote('id')} = %s"
    )


def _converted(db: str, model: Any, values: tuple[Any, ...]) -> list[Any]:
    """``model``'s values as the ORM would give them (SQLite's booleans and datetimes need the backend's converters)."""
    out = list(values)
    connection = connections[db]
    for i, (expression, converters) in enumerate(_converters(db, model)):
        for converter in converters:
            out[i] = converter(out[i], expression, connection)
    return out


@functools.cache
def _converters(db: str, model: Any) -> list[tuple[Any, list[Any]]]:
    """Each concrete field's column and converters, found once per database and model."""
    connection = connections[db]
    found = []
    for field in model._meta.concrete_fields:
        expression = field.get_col(model._meta.db_table)
        found.append((expression, connection.ops.get_db_converters(expression) + field.get_db_converters(connection)))
    return found
