"""SMS gateways, a plugin family: a deployment picks one by id (``MOTCUA_SMS_GATEWAY``); the default only logs."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from django.conf import settings

from motcua.plugins.registry import Registry

logger = logging.getLogger(__name__)


class SmsGateway(ABC):
    """Sends one short text to one phone number; raises on failure (the delivery is then retried)."""

    @abstractmethod
    def send(self, *, phone: str, text: str) -> None: ...


sms_gateways: Registry[SmsGateway] = Registry("SMS gateway")


@sms_gateways.register("log")
class LogSmsGateway(SmsGateway):
    """Writes the message to the log instead of sending it (no operator contract yet)."""

    def send(self, *, phone: str, text: str) -> None:
        masked = f"{phone[:3]}****{phone[-3:]}" if len(phone) > 6 else "***"
        logger.info("sms (log only) to %s: %s", masked, text, extra={"sms_to": masked})


def sms_gateway() -> SmsGateway:
    return sms_gateways.get(settings.NOTIFICATIONS_SMS_GATEWAY)()
