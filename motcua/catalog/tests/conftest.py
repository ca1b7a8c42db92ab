from __future__ import annotations

import copy
from typing import Any

import pytest

from motcua.catalog.services.demo import catalog_load_demo, demo_definition, demo_facts


@pytest.fixture
def demo_catalog(db: None) -> None:
    catalog_load_demo()


@pytest.fixture
def birth() -> dict[str, Any]:
    """A complete, valid definition: birth registration (1.001193) with its demo form and process."""
    facts = next(f for f in demo_facts() if f["code"] == "1.001193")
    return copy.deepcopy(demo_definition(facts))
