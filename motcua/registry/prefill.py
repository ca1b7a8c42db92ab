"""The register as a prefill source: the logged-in citizen's own data, logged as a self-lookup."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth import get_user_model

from motcua.plugins.prefill import PrefillSource, prefill_sources
from motcua.registry.accessors import Purpose, self_accessor
from motcua.registry.services.lookup import person_lookup

#: What a mapping may name as ``registry.<field>`` (English msgids).
PREFILL_FIELDS: dict[str, str] = {
    "personal_id": "Personal ID number",
    "full_name": "Full name",
    "birth_date": "Date of birth",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "religion": "Religion",
    "nationality": "Nationality",
    "native_place": "Native place",
    "marital_status": "Marital status",
    "permanent_address": "Permanent residence",
    "current_address": "Current residence",
    "household_id": "Household number",
}


def _address(record: dict[str, Any], kind: str) -> str | None:
    parts = [record.get(f"{kind}_address"), record.get(f"{kind}_unit_name")]
    text = ", ".join(p for p in parts if p)
    return text or None


@prefill_sources.register("registry")
class RegistryPrefill(PrefillSource):
    fields: ClassVar[dict[str, str]] = PREFILL_FIELDS

    def values_for(self, *, user_id: int, fields: list[str]) -> dict[str, Any]:
        user = get_user_model().objects.filter(pk=user_id).first()
        personal_id = getattr(user, "personal_id", None) if user is not None else None
        wanted = [f for f in fields if f in PREFILL_FIELDS]
        if not personal_id or not wanted:
            return {}
        result = person_lookup(
            accessor=self_accessor(user_id=user_id, username=user.get_username(), personal_id=personal_id),  # type: ignore[union-attr]
            purpose=Purpose(text="Form prefill (own data)"),
            personal_ids=[personal_id],
        )
        if not result.records:
            return {}
        record = dict(result.records[0])
        record["permanent_address"] = _address(record, "permanent")
        record["current_address"] = _address(record, "current")
        return {f: record[f] for f in wanted if record.get(f) is not None}
