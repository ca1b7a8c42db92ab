"""Catalogue search that ignores diacritics and word order, portable across SQLite and PostgreSQL.

Each procedure stores `` <folded name> | <code> | <folded field> `` (see :func:`motcua.core.text.fold`).
Every query word must start a word of that text (one ``LIKE`` per word, so word order is free); the
candidates are then ranked in Python: an exact code first, then by how many query words are whole words
of the *name*, the query as a phrase in the name, and how much of the name the query covers:
"khai sinh dang ky" puts "Thủ tục đăng ký khai sinh" (4 of 4 name words) before "Đăng ký lại khai sinh"
(4 of 5).
"""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.catalog.models import Procedure
from motcua.core.text import fold

#: Words that open many names ("Thủ tục …") and say nothing about the procedure.
FILLER = ("thu", "tuc")


def query_words(query: str) -> list[str]:
    words = list(dict.fromkeys(fold(query).replace(",", " ").split()))
    if words[:2] == list(FILLER) and len(words) > 2:
        words = words[2:]
    return words[:12]


def _rank(words: list[str], phrase: str, text: str, code: str) -> tuple[int, int, int, float, int, str]:
    name, _bar, rest = text.strip().partition(" | ")
    name_words = name.replace(",", " ").split()
    if name_words[:2] == list(FILLER):
        name_words = name_words[2:]
    whole = sum(1 for w in words if w in name_words)
    exact_code = 0 if rest.startswith(phrase + " ") else 1
    coverage = whole / max(len(name_words), 1)
    return (exact_code, -whole, 0 if phrase in name else 1, -coverage, len(name_words), code)


def ranked_ids(procedures: QuerySet[Procedure], query: str) -> list[int]:
    """Ids of the procedures matching ``query``, best first (empty query: by code)."""
    words = query_words(query)
    if not words:
        return list(procedures.order_by("code").values_list("id", flat=True))
    for word in words:
        procedures = procedures.filter(search_text__contains=f" {word}")
    phrase = " ".join(words)
    rows = procedures.values_list("id", "search_text", "code")
    ranked = sorted(rows, key=lambda row: _rank(words, phrase, row[1], row[2]))
    return [row[0] for row in ranked]
