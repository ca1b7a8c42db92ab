"""PKCS#11 tokens and HSMs (USB token, thiết bị HSM): the key is generated and used inside the device.

Tested with SoftHSM2. A deployment with the Government Cipher Committee's USB tokens points
``MOTCUA_SIGNING_PKCS11_LIBRARY`` at the vendor's module (on the signing workstation or agent).
"""

from __future__ import annotations

import binascii
import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

import pkcs11
import pkcs11.exceptions as p11
from django.conf import settings
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from motcua.signing.exceptions import KeyUnavailable, SigningError, WrongPin
from motcua.signing.providers.base import KeyProvider, key_providers

#: Failures that mean "the device is gone or not answering", whatever the step.
DEVICE_ERRORS: tuple[type[Exception], ...] = (
    p11.TokenNotPresent,
    p11.TokenNotRecognised,
    p11.DeviceRemoved,
    p11.DeviceError,
    p11.SessionClosed,
    p11.SessionHandleInvalid,
    p11.NoSuchToken,
    p11.SlotIDInvalid,
)


@key_providers.register("pkcs11")
@dataclass(frozen=True)
class Pkcs11KeyProvider(KeyProvider):
    """A key inside a PKCS#11 token, found by the token's label and the key's label or id (hex)."""

    provider_id: ClassVar[str] = "pkcs11"
    token_label: str
    key_label: str = ""
    key_id: str = ""
    library: str = ""

    @contextmanager
    def open(self, pin: str | None) -> Iterator[PKCS11Signer]:
        library = self.library or settings.SIGNING_PKCS11_LIBRARY
        try:
            session = open_pkcs11_session(library, token_criteria=TokenCriteria(label=self.token_label), user_pin=pin)
        except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
            raise WrongPin() from None
        except p11.PinLocked:
            raise SigningError(_locked(), code="pin_locked") from None
        except (pkcs11.PKCS11Error, OSError, RuntimeError):
            # no token with that label, a device error, or a module that cannot be loaded
            raise KeyUnavailable() from None
        try:
            key_id = binascii.unhexlify(self.key_id) if self.key_id else None
            label = self.key_label or None
            yield PKCS11Signer(
                session, key_label=label, cert_label=label, key_id=key_id, cert_id=key_id, other_certs_to_pull=None
            )
        except DEVICE_ERRORS:
            raise KeyUnavailable() from None
        finally:
            with contextlib.suppress(Exception):  # the token may already be gone; nothing else to release
                session.close()


def _locked() -> str:
    from django.utils.translation import gettext

    return gettext("The token's PIN is locked after too many wrong tries. Unlock it with the token's tool.")
