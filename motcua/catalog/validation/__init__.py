"""Validation of a procedure definition: structure, form schema, prefill mappings and process graph.

Every problem carries the path of what is wrong (``form.json_schema.properties.name``,
``processes[0].steps[2].agency``) and a message in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def under(self, prefix: str) -> Problem:
        return Problem(f"{prefix}.{self.path}" if self.path else prefix, self.message)


def join_path(parts: tuple[Any, ...] | list[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def definition_check(data: Any) -> tuple[Any, list[Problem]]:
    """Parse and check a definition document; return (``ProcedureDefinition`` or None, problems)."""
    from motcua.catalog.definition import ProcedureDefinition
    from motcua.catalog.validation.forms import form_problems
    from motcua.catalog.validation.process import process_problems

    try:
        definition = ProcedureDefinition.model_validate(data)
    except ValidationError as exc:
        return None, [Problem(join_path(list(e["loc"])), e["msg"]) for e in exc.errors()]
    problems: list[Problem] = []
    if definition.form is not None:
        problems += [p.under("form") for p in form_problems(definition.form)]
    for i, process in enumerate(definition.processes):
        problems += [p.under(f"processes[{i}]") for p in process_problems(process, definition)]
    return definition, problems
