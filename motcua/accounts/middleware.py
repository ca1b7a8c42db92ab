"""The second factor of the session (django_otp), read without a query of its own."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

_TOTP_LABEL = TOTPDevice.model_label()


class OTPMiddleware(BaseOTPMiddleware):  # type: ignore[misc]
    """django_otp's middleware, taking the session's TOTP device from those the user was loaded with
    (:meth:`motcua.accounts.backends.LoginBackend.get_user` reads them in the user's query). A device not among
    them is not a confirmed device of this user, so it verifies nothing; any other kind of device is read as
    django_otp reads it."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = self._session_device(user, persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user

    def _session_device(self, user: Any, persistent_id: str) -> Any:
        preloaded = getattr(user, "confirmed_totp_devices", None)
        label, _slash, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if preloaded is None or label != _TOTP_LABEL:
            return self._device_from_persistent_id(persistent_id)
        try:
            return preloaded.get(int(device_id))
        except ValueError:
            return None
