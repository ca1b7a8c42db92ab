"""Form schemas (JSON Schema 2020-12): checking a schema, its layout and prefill, and validating answers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import SchemaError, ValidationError  # type: ignore[import-untyped]

from motcua.catalog.definition import FormDefinition
from motcua.catalog.validation import Problem, join_path
from motcua.plugins.prefill import prefill_sources
from motcua.plugins.registry import UnknownPlugin


def form_problems(form: FormDefinition) -> list[Problem]:
    """What is wrong with a form definition (an invalid schema stops the other checks)."""
    schema = form.json_schema
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = join_path(["json_schema", *exc.absolute_path])
        return [Problem(where, _("Not a valid JSON Schema (draft 2020-12): %(error)s") % {"error": exc.message})]
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        return [Problem("json_schema", _("The form schema must be an object with properties."))]
    fields = set(schema["properties"])
    problems: list[Problem] = []
    for i, section in enumerate(form.sections):
        problems += [
            Problem(f"sections[{i}].fields[{j}]", _("The section names an unknown field %(field)s.") % {"field": name})
            for j, name in enumerate(section.fields)
            if name not in fields
        ]
    problems += [
        Problem(f"hints.{name}", _("A hint for an unknown field %(field)s.") % {"field": name})
        for name in form.hints
        if name not in fields
    ]
    for name, target in form.prefill.items():
        if name not in fields:
            problems.append(
                Problem(f"prefill.{name}", _("Prefill of an unknown form field %(field)s.") % {"field": name})
            )
        problem = prefill_problem(target)
        if problem:
            problems.append(Problem(f"prefill.{name}", problem))
    return problems


def prefill_problem(target: str) -> str | None:
    """Why ``<source id>.<field>`` is not a known prefill field (None when it is)."""
    source_id, _dot, field = target.partition(".")
    try:
        source = prefill_sources.get(source_id)
    except UnknownPlugin:
        known = ", ".join(prefill_sources) or "-"
        return _("Unknown prefill source %(source)s (known: %(known)s).") % {"source": source_id, "known": known}
    if field not in source.fields:
        known = ", ".join(sorted(source.fields))
        return _("The prefill source %(source)s has no field %(field)s (known: %(known)s).") % {
            "source": source_id,
            "field": field,
            "known": known,
        }
    return None


def _label(form: FormDefinition | None, schema: dict[str, Any], name: str) -> str:
    hint = form.hints.get(name) if form else None
    if hint and hint.label:
        english = (get_language() or "vi").startswith("en")
        return hint.label.en if english and hint.label.en else hint.label.vi
    prop = schema.get("properties", {}).get(name, {})
    return str(prop.get("title") or name) if isinstance(prop, dict) else name


def _message(error: ValidationError, label: str) -> str:
    messages = {
        "required": _("%(field)s: this field is required."),
        "type": _("%(field)s: enter a value of the right kind."),
        "enum": _("%(field)s: choose one of the options."),
        "const": _("%(field)s: this value is not allowed."),
        "format": _("%(field)s: enter a valid value."),
        "pattern": _("%(field)s: the value does not have the expected form."),
        "minLength": _("%(field)s: the value is too short."),
        "maxLength": _("%(field)s: the value is too long."),
        "minimum": _("%(field)s: the value is too small."),
        "maximum": _("%(field)s: the value is too large."),
        "exclusiveMinimum": _("%(field)s: the value is too small."),
        "exclusiveMaximum": _("%(field)s: the value is too large."),
        "additionalProperties": _("%(field)s: this field is not part of the form."),
    }
    return messages.get(str(error.validator), _("%(field)s: the value is not valid.")) % {"field": label}


def form_data_errors(schema: dict[str, Any], data: Any, form: FormDefinition | None = None) -> dict[str, list[str]]:
    """Errors of ``data`` against ``schema`` per field path (``""`` for the whole form); empty when valid.

    Accepts exactly what the JSON Schema validator accepts; each message names its field.
    """
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(data):
        for leaf in _leaves(error):
            path = [str(p) for p in leaf.absolute_path]
            if leaf.validator == "required":
                names = [n for n in leaf.validator_value if isinstance(leaf.instance, dict) and n not in leaf.instance]
                paths = [[*path, n] for n in names] or [path]
            elif leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                allowed = set(leaf.schema.get("properties", {}))
                paths = [[*path, n] for n in leaf.instance if n not in allowed] or [path]
            else:
                paths = [path]
            for where in paths:
                key = ".".join(where)
                name = where[0] if where else ""
                label = _label(form, schema, name) if name else _("The form")
                errors.setdefault(key, []).append(_message(leaf, label if key == name or not key else key))
    return errors


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The specific errors under a combinator (anyOf, oneOf, if/then…), or the error itself."""
    if error.context and error.validator not in {"anyOf", "oneOf", "not"}:
        return [leaf for sub in error.context for leaf in _leaves(sub)]
    return [error]
