"""Prefill sources: where a procedure's form gets values it need not ask for (once-only principle).

The catalogue's prefill mappings name a source id and one of its fields (``registry.full_name``,
``account.email``); a source gives the values for the citizen filling the form — their own data only.
Implementations register themselves in :data:`prefill_sources` when their app loads.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from motcua.plugins.registry import Registry


class PrefillSource(ABC):
    #: Field name → human description (English msgid), the fields a mapping may name.
    fields: ClassVar[Mapping[str, str]]

    @abstractmethod
    def values_for(self, *, user_id: int, fields: list[str]) -> dict[str, Any]:
        """Values of ``fields`` for the logged-in citizen ``user_id`` (missing ones left out)."""


prefill_sources: Registry[PrefillSource] = Registry("prefill source")
