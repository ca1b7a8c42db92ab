"""A small JSON-over-HTTP client for gateway APIs (standard library only; http(s) URLs only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.utils.translation import gettext as _

from motcua.payments.exceptions import GatewayUnavailable


def post_json(url: str, body: dict[str, Any], *, token: str = "", timeout: float = 10) -> dict[str, Any]:
    """POST ``body`` as JSON and return the JSON answer; any failure is a GatewayUnavailable."""
    if not url.startswith(("http://", "https://")):
        raise GatewayUnavailable(_("The payment gateway's address is not configured."))
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked
            answer = json.loads(response.read(1_000_000) or b"{}")
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise GatewayUnavailable(_("The payment gateway did not answer; try again in a moment.")) from exc
    if not isinstance(answer, dict):
        raise GatewayUnavailable(_("The payment gateway answered something unexpected."))
    return answer
