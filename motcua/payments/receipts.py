"""E-receipt providers (biên lai điện tử) as plugins. The default makes a PDF receipt here, in Be Vietnam
Pro; a deployment whose receipts come from an e-invoice provider registers another plugin."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.plugins.registry import Registry


@dataclass(frozen=True)
class ReceiptData:
    number: str
    issued_at: dt.datetime
    agency_name: str
    agency_code: str
    dossier_code: str
    procedure_name: str
    payer_name: str
    payer_id_number: str
    payer_address: str
    method: str
    provider_reference: str
    lines: tuple[tuple[str, str, str, int], ...]  # (kind label, description, legal basis, amount)
    total_vnd: int


class ReceiptProvider(ABC):
    """Makes the receipt document of a paid obligation."""

    id: str

    @abstractmethod
    def issue(self, data: ReceiptData) -> bytes: ...


receipt_providers: Registry[ReceiptProvider] = Registry("receipt provider")


def vnd(amount: int) -> str:
    """12.345 đ: Vietnamese thousands separators."""
    return f"{amount:,}".replace(",", ".") + " đ"


@receipt_providers.register("pdf")
class PdfReceiptProvider(ReceiptProvider):
    id = "pdf"

    def issue(self, data: ReceiptData) -> bytes:
        from weasyprint import HTML  # type: ignore[import-untyped]

        fonts = settings.BASE_DIR / "node_modules" / "@expo-google-fonts" / "be-vietnam-pro"
        with translation.override("vi"):  # a receipt is a Vietnamese document whatever the page language
            html = render_to_string(
                "payments/receipt.html",
                {
                    "r": data,
                    "lines": [(kind, text, basis, vnd(amount)) for kind, text, basis, amount in data.lines],
                    "total": vnd(data.total_vnd),
                    "issued": timezone.localtime(data.issued_at),
                    "font_regular": (fonts / "400Regular" / "BeVietnamPro_400Regular.ttf").as_uri(),
                    "font_bold": (fonts / "700Bold" / "BeVietnamPro_700Bold.ttf").as_uri(),
                },
            )
        pdf: bytes = HTML(string=html, base_url=".").write_pdf()
        return pdf


def issue_receipt(data: ReceiptData) -> tuple[str, bytes]:
    """(provider id, document) from the configured provider."""
    provider = receipt_providers.get(settings.PAYMENTS_RECEIPT_PROVIDER)()
    return provider.id, provider.issue(data)
