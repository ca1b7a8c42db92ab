from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Fees (phí, lệ phí): gateway adapters, verified callbacks, reconciliation, receipts, refunds."""

    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")
