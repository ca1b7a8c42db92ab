"""Where each gateway is and its secrets: the settings, or the sandbox's when the sandbox stands in."""

from __future__ import annotations

from django.conf import settings

#: Demo secrets of the sandbox gateway (published on purpose: the sandbox is refused in production).
SANDBOX_VNPAY_SECRET = "motcua-sandbox-vnpay-secret"  # noqa: S105 - public demo secret
SANDBOX_PAYGOV_SECRET = "motcua-sandbox-paygov-secret"  # noqa: S105 - public demo secret
SANDBOX_VIETQR_ACCOUNT = "0001234567890"
SANDBOX_PATH = "/pay/sandbox"


def sandbox_base(site_url: str = "") -> str:
    """Base address of the sandbox: this site (as the request reached it, or PUBLIC_URL)."""
    return (site_url or settings.PUBLIC_URL).rstrip("/") + SANDBOX_PATH


def _or_sandbox(value: str, sandbox_value: str) -> str:
    return value or (sandbox_value if settings.PAYMENTS_SANDBOX else "")


def vnpay_secret() -> str:
    return _or_sandbox(settings.PAYMENTS_VNPAY_SECRET, SANDBOX_VNPAY_SECRET)


def vnpay_pay_url(site_url: str = "") -> str:
    return _or_sandbox(settings.PAYMENTS_VNPAY_URL, f"{sandbox_base(site_url)}/vnpay/")


def vnpay_api_url() -> str:
    return _or_sandbox(settings.PAYMENTS_VNPAY_API_URL, f"{sandbox_base()}/vnpay/api/")


def paygov_secret() -> str:
    return _or_sandbox(settings.PAYMENTS_PAYGOV_SECRET, SANDBOX_PAYGOV_SECRET)


def paygov_url(site_url: str = "") -> str:
    return _or_sandbox(settings.PAYMENTS_PAYGOV_URL, f"{sandbox_base(site_url)}/paygov/api/")


def vietqr_account() -> str:
    return _or_sandbox(settings.PAYMENTS_VIETQR_ACCOUNT, SANDBOX_VIETQR_ACCOUNT)
