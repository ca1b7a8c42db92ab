"""Words of the payments app: statuses, kinds of line, collection timing, methods, event kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Status of a payment obligation (khoản thu)."""

    PENDING = "pending", _("Not paid yet")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


#: An obligation still to be paid (the citizen may try again after a failed or expired attempt).
OPEN = (Status.PENDING, Status.FAILED, Status.EXPIRED)
#: An obligation that was paid (whatever was refunded afterwards).
SETTLED = (Status.PAID, Status.PARTLY_REFUNDED, Status.REFUNDED)


class AttemptStatus(models.TextChoices):
    """Status of one transaction at a gateway (giao dịch)."""

    PENDING = "pending", _("Waiting for the gateway")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class Timing(models.TextChoices):
    """When the obligation is collected (thu trước / thu sau)."""

    BEFORE = "before", _("Before processing")
    AFTER = "after", _("After processing")


class LineKind(models.TextChoices):
    CHARGE = "charge", _("Charge (phí)")
    FEE = "fee", _("Fee (lệ phí)")


class Method(models.TextChoices):
    """How the money came in."""

    ONLINE = "online", _("Online gateway")
    QR = "qr", _("Bank transfer (VietQR)")
    CASH = "cash", _("Cash at the counter")
    CARD = "card", _("Card at the counter")


class EventKind(models.TextChoices):
    """What an entry of the payment log records."""

    CREATED = "created", _("Obligation created")
    INIT = "init", _("Payment started")
    CALLBACK = "callback", _("Gateway notification")
    RETURN = "return", _("Citizen returned from the gateway")
    QUERY = "query", _("Status asked of the gateway")
    COUNTER = "counter", _("Collected at the counter")
    REFUND = "refund", _("Refund")
    CANCEL = "cancel", _("Cancelled")
    RECEIPT = "receipt", _("Receipt issued")


class Refusal(models.TextChoices):
    """Why a gateway message was refused (stable codes, logged with the raw message)."""

    SIGNATURE = "bad_signature", _("Wrong signature")
    UNKNOWN_ORDER = "unknown_order", _("Unknown order")
    AMOUNT = "wrong_amount", _("Wrong amount")
    CURRENCY = "wrong_currency", _("Wrong currency")
    MERCHANT = "wrong_merchant", _("Wrong merchant")
    REPLAY = "replay", _("Message already processed")
    ALREADY = "already_settled", _("Order already settled")
    EXPIRED = "expired", _("Order expired")
    MALFORMED = "malformed", _("Malformed message")
