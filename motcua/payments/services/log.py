"""The payment log: one append-only row per message or change, verified or refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from motcua.payments.models import PaymentEvent


def fingerprint(provider: str, params: Mapping[str, object]) -> str:
    """The same message always has the same fingerprint (key order does not matter)."""
    text = json.dumps({"provider": provider, "params": params}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def log_event(
    *,
    kind: str,
    payment_id: int | None = None,
    attempt_id: int | None = None,
    provider: str = "",
    raw: Mapping[str, object] | None = None,
    verified: bool = False,
    accepted: bool = False,
    refusal: str = "",
    detail: str = "",
    print_: str = "",
    remote_addr: str | None = None,
    actor: str = "",
) -> PaymentEvent:
    return PaymentEvent.objects.create(
        kind=kind,
        payment_id=payment_id,
        attempt_id=attempt_id,
        provider=provider,
        raw=json.loads(json.dumps(dict(raw or {}), default=str)),
        verified=verified,
        accepted=accepted,
        refusal=refusal,
        detail=str(detail)[:500],
        fingerprint=print_,
        remote_addr=remote_addr or None,
        actor=actor[:150],
    )
