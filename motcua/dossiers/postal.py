"""Postal delivery of results (trả kết quả qua dịch vụ bưu chính công ích): a plugin family. A deployment picks
its postal service by id (``MOTCUA_DOSSIERS_POSTAL_SERVICE``); the default only logs the order and gives a
local waybill number, for a province that books parcels by hand."""

from __future__ import annotations

import logging
import secrets
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings

from motcua.plugins.registry import Registry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Parcel:
    """What the postal service needs to carry a result to the citizen."""

    dossier_code: str
    recipient: str
    address: str
    phone: str = ""


class PostalService(ABC):
    """Base class of the postal-service plugins."""

    service_id: ClassVar[str]

    @abstractmethod
    def send(self, parcel: Parcel) -> str:
        """Book the parcel and return its waybill number (mã vận đơn); raise on failure."""


postal_services: Registry[PostalService] = Registry("postal service")


@postal_services.register("log")
class LogPostalService(PostalService):
    """Writes the order to the log and gives a waybill number ``LOG-…`` (the parcel is booked by hand)."""

    service_id = "log"

    def send(self, parcel: Parcel) -> str:
        waybill = f"LOG-{secrets.token_hex(5).upper()}"
        logger.info("postal delivery ordered", extra={"dossier": parcel.dossier_code, "waybill": waybill})
        return waybill


def postal_service() -> PostalService:
    """The deployment's postal service."""
    return postal_services.get(settings.DOSSIERS_POSTAL_SERVICE)()
