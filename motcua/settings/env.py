"""Every setting of motcua is read from the environment through :func:`env`.

Each call registers the variable with its help text, so that ``manage.py settings_table`` can print
the README's configuration table from the code itself (the table cannot drift from the settings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, overload

Kind = Literal["str", "bool", "int", "list"]


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: str
    kind: Kind
    help: str


REGISTRY: dict[str, EnvSetting] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@overload
def env(name: str, default: str, help: str, kind: Literal["str"] = "str") -> str: ...
@overload
def env(name: str, default: bool, help: str, kind: Literal["bool"]) -> bool: ...
@overload
def env(name: str, default: int, help: str, kind: Literal["int"]) -> int: ...
@overload
def env(name: str, default: list[str], help: str, kind: Literal["list"]) -> list[str]: ...


def env(name: str, default: object, help: str, kind: Kind = "str") -> object:
    """Read ``name`` from the environment, cast to ``kind``; register it for the docs."""
    shown = ",".join(default) if isinstance(default, list) else str(default)
    REGISTRY[name] = EnvSetting(name=name, default=shown, kind=kind, help=help)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if kind == "bool":
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{name} must be a boolean (true/false), got {raw!r}")
    if kind == "int":
        try:
            return int(raw)
        except ValueError as exc:
            raise ValueError(f"{name} must be an integer, got {raw!r}") from exc
    if kind == "list":
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def markdown_table() -> str:
    """The README configuration table, one row per registered setting."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for item in sorted(REGISTRY.values(), key=lambda s: s.name):
        default = f"`{item.default}`" if item.default else "(empty)"
        rows.append(f"| `{item.name}` | {default} | {item.help} |")
    return "\n".join(rows)
