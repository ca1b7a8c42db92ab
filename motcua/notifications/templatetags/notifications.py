"""``{% unread_notifications as n %}``: the logged-in citizen's unread notices, for the page header."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated or getattr(user, "is_official", True):
        return 0
    return unread_count(user_id=user.pk)
