"""Changes to agencies and memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.agencies.models import Agency, Membership
from motcua.core.search import padded


def agency_upsert(*, code: str, **fields: Any) -> Agency:
    """Create or update an agency by its electronic identifier, keeping its search text in step."""
    fields["search_text"] = padded(f"{fields.get('name', '')} {code}")
    agency, _ = Agency.objects.update_or_create(code=code, defaults=fields)
    return agency


@transaction.atomic
def membership_grant(*, user_id: int, agency: Agency, role: str, title: str = "") -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user_id=user_id, agency=agency, role=role, defaults={"title": title}
    )
    return membership
