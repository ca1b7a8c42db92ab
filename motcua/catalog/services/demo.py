"""The demo catalogue: the real procedures of ``data/procedures.json`` with demo forms and processes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from motcua.catalog.constants import EXPORT_FORMAT, VersionStatus
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.models import Procedure
from motcua.catalog.services.demo_forms import demo_form
from motcua.catalog.services.demo_process import demo_process
from motcua.catalog.services.transfer import ImportSummary, catalog_import

DATA = Path(__file__).resolve().parent.parent / "data" / "procedures.json"
#: The demo versions take effect with the two-level local government (1 July 2025).
EFFECTIVE = dt.date(2025, 7, 1)


def demo_facts() -> list[dict[str, Any]]:
    """The procedure facts of the data file (no form, no process)."""
    facts: list[dict[str, Any]] = json.loads(DATA.read_text("utf-8"))["procedures"]
    return facts


def demo_definition(facts: dict[str, Any]) -> dict[str, Any]:
    """A complete definition: the facts plus a demo form and a demo process."""
    definition = ProcedureDefinition.model_validate(facts)
    document = definition.model_dump(mode="json")
    document["form"] = demo_form(definition.code, definition.field_name, definition.name)
    document["processes"] = [demo_process(definition)]
    return document


def catalog_load_demo() -> ImportSummary:
    """Load the demo catalogue (version 1, published from 1 July 2025); procedures already there are kept."""
    present = set(Procedure.objects.values_list("code", flat=True))
    procedures = [
        {
            "code": facts["code"],
            "versions": [
                {
                    "number": 1,
                    "status": VersionStatus.PUBLISHED.value,
                    "effective_from": EFFECTIVE.isoformat(),
                    "effective_to": None,
                    "definition": demo_definition(facts),
                }
            ],
        }
        for facts in demo_facts()
        if facts["code"] not in present
    ]
    return catalog_import(actor_id=None, document={"format": EXPORT_FORMAT, "procedures": procedures})
