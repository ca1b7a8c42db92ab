"""Payments — thanh toán phí, lệ phí: obligations of a dossier, their gateway transactions, the append-only
log of every message exchanged with a gateway, refunds and e-receipts (biên lai điện tử). Money is integer VND."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actors import Actor
from motcua.dossiers.models import Dossier
from motcua.payments.constants import AttemptStatus, EventKind, LineKind, Method, Refusal, Status, Timing


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, actor: Actor) -> PaymentQuerySet:
        """The payments of the dossiers the actor may see (citizens: their own; officials: their agencies')."""
        if actor.kind == "system":
            return self
        return self.filter(dossier__in=Dossier.objects.visible_to(actor).values("pk"))


class Payment(models.Model):
    """A financial obligation of a dossier (nghĩa vụ tài chính): its lines, total and status. Status changes
    only through the services, with a compare-and-set on ``version``."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="payments", verbose_name=_("dossier"))
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("collecting agency"))
    timing = models.CharField(_("collected"), max_length=10, choices=Timing.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    refunded_vnd = models.PositiveBigIntegerField(_("refunded (VND)"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, blank=True)
    provider = models.CharField(_("gateway"), max_length=20, blank=True)
    provider_reference = models.CharField(_("gateway transaction"), max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    reconciliation = models.CharField(_("reconciliation"), max_length=300, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["dossier", "timing"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_vnd__lte=models.F("amount_vnd")), name="payments_refund_le_paid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.amount_vnd} VND ({self.status})"


class PaymentLine(models.Model):
    """One line of an obligation: a charge (phí) or a fee (lệ phí), kept apart for the treasury."""

    payment = models.ForeignKey(Payment, models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    code = models.CharField(max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.amount_vnd} VND"


class PaymentAttempt(models.Model):
    """One transaction at a gateway; ``reference`` is our order reference there (vnp_TxnRef, MaThamChieu)."""

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="attempts")
    provider = models.CharField(_("gateway"), max_length=20)
    reference = models.CharField(_("order reference"), max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(_("status"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.PENDING)
    provider_reference = models.CharField(_("gateway transaction"), max_length=100, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    next_url = models.URLField(max_length=2000, blank=True, help_text="where the citizen was sent")
    qr_payload = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payments_attempt_gateway_txn_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference} ({self.status})"


class AppendOnly(models.Model):
    """A row written once and never changed or deleted by the application."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} is append-only")


class PaymentEvent(AppendOnly):
    """Log of every message to and from a gateway and every change (raw, verified or not, why refused)."""

    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="events")
    attempt = models.ForeignKey(PaymentAttempt, models.PROTECT, null=True, blank=True, related_name="events")
    provider = models.CharField(max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    raw = models.JSONField(default=dict, blank=True)
    verified = models.BooleanField(_("signature verified"), default=False)
    accepted = models.BooleanField(_("accepted"), default=False)
    refusal = models.CharField(_("refused because"), max_length=20, choices=Refusal.choices, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    actor = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("payment event")

    def __str__(self) -> str:
        return f"{self.kind} {self.provider} {self.refusal or self.accepted}"


class Refund(AppendOnly):
    """Money given back (hoàn trả), whole or in part, through the gateway or at the counter."""

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="refunds")
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.CharField(_("reason"), max_length=500)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    provider_reference = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.amount_vnd} VND"


class Receipt(models.Model):
    """The e-receipt (biên lai điện tử) of a paid obligation, kept with the dossier."""

    payment = models.OneToOneField(Payment, models.PROTECT, related_name="receipt")
    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="receipts")
    number = models.CharField(_("receipt number"), max_length=40, unique=True)
    provider = models.CharField(max_length=20)
    file = models.FileField(upload_to="receipts/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class SandboxTransaction(models.Model):
    """The sandbox gateway's own book (a stand-in for the bank's side, for the demo and the tests)."""

    token = models.CharField(max_length=40, unique=True)
    protocol = models.CharField(max_length=10)
    merchant_reference = models.CharField(max_length=40, unique=True)
    amount_vnd = models.PositiveBigIntegerField()
    order_info = models.CharField(max_length=255)
    return_url = models.URLField(max_length=500)
    locale = models.CharField(max_length=5, default="vn")
    status = models.CharField(max_length=10, default="pending")
    transaction_no = models.CharField(max_length=20, blank=True)
    refunded_vnd = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.protocol} {self.merchant_reference} ({self.status})"
