"""What a form looks like to the citizen: sections of fields with labels, widgets and help, from a form
definition (JSON Schema + layout hints). Pages render these; nothing here is HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from motcua.catalog.definition import FormDefinition, LocalText


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    widget: str
    help: str
    required: bool
    options: list[str] = field(default_factory=list)
    prefill: str = ""


@dataclass(frozen=True)
class SectionView:
    title: str
    fields: list[FieldView]


def _text(text: LocalText | None) -> str:
    if text is None:
        return ""
    english = (get_language() or "vi").startswith("en")
    return text.en if english and text.en else text.vi


def _widget(prop: dict[str, Any], hint: str | None) -> str:
    if hint:
        return hint
    if "enum" in prop:
        return "select"
    kind = prop.get("type")
    if kind == "boolean":
        return "checkbox"
    if kind in ("integer", "number"):
        return "number"
    return {"date": "date", "email": "email"}.get(str(prop.get("format")), "text")


def form_view(form: FormDefinition) -> list[SectionView]:
    """The sections to show (fields not placed in any section come last, in schema order)."""
    properties: dict[str, Any] = form.json_schema.get("properties", {})
    required = set(form.json_schema.get("required", []))
    placed: list[tuple[str, list[str]]] = [(_text(s.title), s.fields) for s in form.sections]
    rest = [name for name in properties if not any(name in names for _title, names in placed)]
    if rest:
        placed.append(("", rest))
    sections = []
    for title, names in placed:
        views = []
        for name in names:
            prop = properties.get(name, {})
            hint = form.hints.get(name)
            views.append(
                FieldView(
                    name=name,
                    label=_text(hint.label) if hint and hint.label else str(prop.get("title", name)),
                    widget=_widget(prop, hint.widget if hint else None),
                    help=_text(hint.help) if hint else "",
                    required=name in required,
                    options=[str(o) for o in prop.get("enum", [])],
                    prefill=form.prefill.get(name, ""),
                )
            )
        sections.append(SectionView(title=title, fields=views))
    return sections


def form_answers(form: FormDefinition, raw: dict[str, str]) -> dict[str, Any]:
    """Typed answers from posted strings (empty ones left out), for validation against the schema."""
    properties: dict[str, Any] = form.json_schema.get("properties", {})
    answers: dict[str, Any] = {}
    for name, prop in properties.items():
        value = raw.get(name, "").strip()
        if prop.get("type") == "boolean":
            answers[name] = value == "on"
            continue
        if not value:
            continue
        if prop.get("type") in ("integer", "number"):
            try:
                answers[name] = int(value) if prop.get("type") == "integer" else float(value)
            except ValueError:
                answers[name] = value
        else:
            answers[name] = value
    return answers
