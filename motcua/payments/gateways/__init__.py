"""Payment gateways as plugins (cổng thanh toán): one base class, implementations registered by id.

A gateway turns an attempt into what the citizen does next (a redirect, or a QR code to scan), verifies
what the gateway sends back (signature first, then merchant, currency and amount), and asks the gateway
about a transaction. It does no database writes: the services decide and log.
"""

from __future__ import annotations

import datetime as dt
import hmac
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.functional import Promise

from motcua.plugins.registry import Registry


@dataclass(frozen=True)
class Order:
    """What a gateway needs to know of an attempt (plain data: gateways do not touch models)."""

    reference: str
    amount_vnd: int
    dossier_code: str
    description: str
    created_at: dt.datetime
    expires_at: dt.datetime
    return_url: str = ""
    site_url: str = ""  # this site as the citizen reached it (the sandbox lives there)
    client_ip: str = "127.0.0.1"
    locale: str = "vi"
    payer_name: str = ""
    payer_id_number: str = ""
    agency_code: str = ""
    agency_name: str = ""
    procedure_code: str = ""
    procedure_name: str = ""
    lines: tuple[tuple[str, str, str, int], ...] = ()  # (kind, code, description, amount)


@dataclass(frozen=True)
class Start:
    """Next step for the citizen: go to ``redirect_url``, or scan ``qr_payload`` in a bank app."""

    redirect_url: str = ""
    qr_payload: str = ""
    sent: dict[str, str] = field(default_factory=dict)
    received: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """A gateway message, verified. ``refusal`` is set when the message must not be trusted at all."""

    reference: str
    paid: bool
    amount_vnd: int | None
    transaction: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None
    response_code: str = ""
    signature_ok: bool = False
    refusal: str = ""
    detail: str | Promise = ""
    raw: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    ok: bool
    transaction: str = ""
    detail: str = ""


class Gateway(ABC):
    """Base of every payment gateway plugin."""

    id: ClassVar[str]
    label: ClassVar[str | Promise]
    #: Whether the citizen is sent away and the gateway calls back (False: settled by reconciliation or staff).
    calls_back: ClassVar[bool] = True

    def available(self) -> bool:
        return True

    @abstractmethod
    def start(self, order: Order) -> Start: ...

    @abstractmethod
    def verify(self, params: dict[str, str]) -> Verdict:
        """Verify a callback (IPN, confirmation) or a return to our site."""
        ...

    @abstractmethod
    def query(self, order: Order) -> Verdict:
        """Ask the gateway what became of an order."""
        ...

    @abstractmethod
    def refund(self, order: Order, transaction: str, amount_vnd: int, whole: bool) -> RefundResult: ...


gateways: Registry[Gateway] = Registry("payment gateway")


def utf8(text: str) -> bytes:
    """Bytes to sign or compare; characters that cannot be encoded (lone surrogates) are replaced."""
    return text.encode("utf-8", "replace")


def same_digest(expected: str, given: str) -> bool:
    """Constant-time comparison that never fails on odd input (a forged message may hold anything)."""
    return hmac.compare_digest(utf8(expected), utf8(given.lower()))


def gateway(plugin_id: str) -> Gateway:
    """An instance of the gateway registered under ``plugin_id`` (raises UnknownPlugin)."""
    return gateways.get(plugin_id)()
