from __future__ import annotations

import datetime as dt

from ninja import Schema


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    kind: str
    structure: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    latitude: float | None
    longitude: float | None


class UnitLink(Schema):
    code: str
    name: str
    structure: str


class UnitDetailOut(UnitOut):
    children_count: int
    predecessors: list[UnitLink]
    successors: list[UnitLink]


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    unit_code: str
    unit_name: str
    parent_code: str | None
    address: str
    phone: str
    email: str


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class ClientOut(Schema):
    name: str
    scopes: list[str]
    agencies: list[str]


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str
