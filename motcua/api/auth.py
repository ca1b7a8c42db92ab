from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from motcua.accounts.services import api_client_authenticate


class ApiToken(HttpBearer):
    """``Authorization: Bearer mc_…`` for integrators' systems (see ``manage.py create_api_client``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_client_authenticate(token)
