"""The sandbox gateway: a stand-in for the bank's side, for the demo and the tests.

It speaks the VNPay-style protocol (signed pay request, signed return, server-to-server IPN, querydr and
refund) and the national platform's INIT/QUERY/confirmation over HTTP, on this same site under
``/pay/sandbox/`` (only when ``MOTCUA_PAYMENTS_SANDBOX`` is on; refused in production). Its checkout page
shows the amount and the dossier code with two buttons: Pay and Cancel.
"""
