"""Diacritic-free search over a stored folded text column (see :func:`motcua.core.text.fold`).

The column holds `` <folded words> `` with a space on each side, so a query matches at the start of a word
(typing "dong d" already finds Đống Đa), and a match of whole words ranks first.
"""

from __future__ import annotations

from typing import TypeVar, cast

from django.db.models import Case, IntegerField, Model, QuerySet, Value, When

from motcua.core.text import fold

M = TypeVar("M", bound=Model)


def padded(text: str) -> str:
    """The value to store in a search column."""
    return f" {fold(text)} "


def search(queryset: QuerySet[M], field: str, query: str) -> QuerySet[M]:
    """Rows where the folded query starts a word of ``field``; whole-word matches rank first."""
    folded = fold(query)
    if not folded:
        return queryset
    found = queryset.filter(**{f"{field}__contains": f" {folded}"}).annotate(
        search_rank=Case(
            When(**{f"{field}__contains": f" {folded} "}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return cast(QuerySet[M], found)
