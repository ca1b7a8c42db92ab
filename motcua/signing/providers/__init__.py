"""Key-provider plugins. Importing this package registers the built-in ones."""

from motcua.signing.providers import pkcs11, pkcs12, remote
from motcua.signing.providers.base import KeyProvider, default_key_provider, key_provider, key_providers

__all__ = ["KeyProvider", "default_key_provider", "key_provider", "key_providers", "pkcs11", "pkcs12", "remote"]
