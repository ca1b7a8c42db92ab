"""Key providers (nguồn khóa ký): where a signer's private key lives and how a signature is made with it.

A provider hands the signing service a pyHanko ``Signer`` for the time of one signing and takes it back;
the private key never leaves the provider (a token or HSM signs inside itself; a remote service signs
on its side; a PKCS#12 file is decrypted in memory only for that time). PINs are arguments, never
attributes, and are never logged or put in an error message.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any, ClassVar, Self

from pyhanko.sign.signers import Signer

from motcua.plugins.registry import Registry


class KeyProvider(ABC):
    """Base class of the key-provider plugins. Subclasses are frozen dataclasses: their fields are the
    provider's options, validated by :meth:`from_options`."""

    provider_id: ClassVar[str]

    @abstractmethod
    def open(self, pin: str | None) -> AbstractContextManager[Signer]:
        """Unlock the key with ``pin`` and yield a signer for the time of the ``with`` block.

        Raises ``WrongPin``, ``KeyUnavailable`` or another ``SigningError``; never returns key material."""

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Self:
        """Build the provider from a deployment's options, refusing unknown, missing or mistyped ones."""
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(options) - set(fields))
        if unknown:
            raise ValueError(f"{cls.provider_id}: unknown options {', '.join(unknown)}")
        for name, field in fields.items():
            required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
            if name not in options:
                if required:
                    raise ValueError(f"{cls.provider_id}: option {name} is required")
                continue
            expected = str(field.type)
            value = options[name]
            if expected.startswith("str") and not isinstance(value, str):
                raise ValueError(f"{cls.provider_id}: option {name} must be text")
            if expected.startswith("float") and not isinstance(value, int | float):
                raise ValueError(f"{cls.provider_id}: option {name} must be a number")
        return cls(**options)


key_providers: Registry[KeyProvider] = Registry("key provider")


def key_provider(provider_id: str, **options: Any) -> KeyProvider:
    """The provider registered as ``provider_id``, configured with ``options``."""
    return key_providers.get(provider_id).from_options(options)


def default_key_provider(**options: Any) -> KeyProvider:
    """The deployment's provider (``MOTCUA_SIGNING_KEY_PROVIDER``), configured with ``options``."""
    from django.conf import settings

    return key_provider(settings.SIGNING_KEY_PROVIDER, **options)


def provider_ids() -> Iterator[str]:
    return iter(key_providers)
