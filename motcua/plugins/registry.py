"""One typed registry for integrations: key providers, payment gateways, prefill sources, exchange adapters.

A plugin family is a base class; implementations register under a stable id with a decorator, and a
deployment picks one by that id in its settings::

    key_providers: Registry[KeyProvider] = Registry("key provider")

    @key_providers.register("pkcs12")
    class Pkcs12Provider(KeyProvider): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class UnknownPlugin(LookupError):
    pass


class Registry(Generic[T]):
    def __init__(self, family: str) -> None:
        self.family = family
        self._items: dict[str, type[T]] = {}

    def register(self, plugin_id: str) -> Callable[[type[T]], type[T]]:
        def decorator(cls: type[T]) -> type[T]:
            if plugin_id in self._items and self._items[plugin_id] is not cls:
                raise ValueError(f"{self.family} {plugin_id!r} is already registered")
            self._items[plugin_id] = cls
            return cls

        return decorator

    def unregister(self, plugin_id: str) -> None:
        """Remove a plugin (tests register fakes and take them away again)."""
        self._items.pop(plugin_id, None)

    def get(self, plugin_id: str) -> type[T]:
        try:
            return self._items[plugin_id]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise UnknownPlugin(f"no {self.family} {plugin_id!r} (known: {known})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._items
