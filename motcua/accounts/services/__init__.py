"""Account changes: users, TOTP devices, API clients."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.constants import UserKind
from motcua.accounts.models import ApiClient, User, hash_key
from motcua.core.db import prepared_cursor
from motcua.core.errors import DomainError
from motcua.core.identifiers import personal_id_problem


def user_upsert(*, username: str, password: str | None = None, kind: str = UserKind.CITIZEN, **fields: Any) -> User:
    """Create or update a user by user name. A citizen's personal ID is validated (domain.md §5.1)."""
    pid = fields.get("personal_id")
    if pid and (problem := personal_id_problem(pid)):
        raise DomainError(
            gettext("The personal ID %(number)s is not valid: %(problem)s.") % {"number": pid, "problem": problem},
            code="invalid_personal_id",
            status=422,
        )
    user, _ = User.objects.update_or_create(username=username, defaults={"kind": kind, **fields})
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def totp_device_ensure(*, user: User, key_hex: str | None = None) -> TOTPDevice:
    """The user's confirmed TOTP device, created with ``key_hex`` (or a random key) when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice(user=user, name="default", confirmed=True)
        if key_hex:
            device.key = key_hex
        device.save()
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The device that accepts ``token`` (each code is usable once), or None."""
    token = token.strip().replace(" ", "")
    if not token.isdigit():
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def api_client_create(*, name: str, scopes: list[str], agency_ids: list[int] | None = None) -> tuple[ApiClient, str]:
    """Create a client; the raw token is returned once and never stored."""
    raw = "mc_" + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_prefix=raw[:12], key_hash=hash_key(raw), scopes=scopes)
    if agency_ids:
        client.agencies.set(agency_ids)
    return client, raw


#: How stale ``ApiClient.last_used_at`` may get: a busy client would otherwise write its row on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


_CLIENT_COLUMNS = ("id", "name", "key_prefix", "scopes", "last_used_at")
_CLIENT_SQL = f"SELECT {', '.join(_CLIENT_COLUMNS)} FROM {ApiClient._meta.db_table} WHERE key_hash = %s AND active"  # noqa: S608 — our table and columns; the value is a parameter


def api_client_authenticate(raw: str) -> ApiClient | None:
    """The active client holding the token ``raw``; its ``last_used_at`` is kept to the minute.

    Read on every request (a revoked client is refused at once), in plain SQL on the unique token hash, as a
    prepared statement: the ORM's query building cost more than the query itself on the filing path, and
    PostgreSQL's planning as much as its execution."""
    with prepared_cursor() as cursor:
        cursor.execute(_CLIENT_SQL, [hash_key(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, prefix, scopes, last_used_at = row
    if isinstance(scopes, str):  # JSON arrives as text (PostgreSQL's jsonb as Django loads it, SQLite's text)
        scopes = json.loads(scopes)
    if last_used_at is not None and timezone.is_naive(last_used_at):  # SQLite keeps UTC without a zone
        last_used_at = timezone.make_aware(last_used_at, dt.UTC)
    client = ApiClient.from_db(DEFAULT_DB_ALIAS, list(_CLIENT_COLUMNS), [pk, name, prefix, scopes, last_used_at])
    now = timezone.now()
    if last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION:
        client.last_used_at = now
        ApiClient.objects.filter(pk=pk).update(last_used_at=now)
    return client
