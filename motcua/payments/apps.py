from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Fees (phí, lệ phí): gateway adapters, verified callbacks, reconciliation, receipts, refunds."""

    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Register the gateways, the receipt provider, the dossier signal receiver and the reception gates:
        # ``receivers`` first, its gate makes the obligations the fee gate of ``gate`` then checks.
        from motcua.payments import receivers  # noqa: F401, I001
        from motcua.payments import gate  # noqa: F401
        from motcua.payments.gateways import paygov, vietqr, vnpay  # noqa: F401
