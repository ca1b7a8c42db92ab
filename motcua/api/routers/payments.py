"""Fee payments: gateway callbacks (IPN, national payment platform confirmations) and payment status."""

from ninja import Router

router = Router(tags=["payments"])
