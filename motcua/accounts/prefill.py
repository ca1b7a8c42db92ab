"""The ``account`` prefill source: what the citizen's own account already knows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from motcua.plugins.prefill import PrefillSource, prefill_sources


@prefill_sources.register("account")
class AccountPrefill(PrefillSource):
    fields: ClassVar[Mapping[str, str]] = {
        "full_name": "Full name",
        "email": "E-mail",
        "phone": "Phone",
        "personal_id": "Personal ID number",
    }

    def values_for(self, *, user_id: int, fields: list[str]) -> dict[str, Any]:
        from motcua.accounts.models import User

        user = User.objects.filter(pk=user_id).values(*[f for f in fields if f in self.fields]).first()
        return {k: v for k, v in (user or {}).items() if v not in (None, "")}
