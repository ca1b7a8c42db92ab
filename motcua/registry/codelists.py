"""The official code lists (ethnicity, religion), read once from ``data/`` (see data/README.md)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _read(name: str) -> dict[str, str]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


@cache
def ethnicities() -> dict[str, str]:
    """Code → name of the 54 ethnic groups (dân tộc), GSO codes 01–54."""
    return _read("ethnicities.csv")


@cache
def religions() -> dict[str, str]:
    """Code → name of the religions (tôn giáo); 00 = none."""
    return _read("religions.csv")
