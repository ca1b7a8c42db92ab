from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Fees (phí, lệ phí): gateway adapters, verified callbacks, reconciliation, receipts, refunds."""

    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Register the gateways, the receipt provider, the reception gate and the dossier signal receiver.
        from motcua.payments import gate, receivers  # noqa: F401
        from motcua.payments.gateways import paygov, vietqr, vnpay  # noqa: F401
