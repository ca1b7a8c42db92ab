"""The definition of a procedure version as one typed document (the documented export schema).

A version of a procedure is stored, exported and imported as this document; the catalogue's columns are
derived from it. Field names follow the national TTHC database (domain guide 3.2) in English.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from motcua.agencies.constants import AgencyKind, Role
from motcua.catalog.constants import HOURS_PER_DAY, ActionKind, Channel, Level, OnlineLevel, TargetUser, TimeUnit

IDENT = r"^[a-z][a-z0-9_]{0,39}$"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Duration(_Doc):
    """A time (thời gian): an amount and its unit; either may be unknown (null) when no source gives it."""

    amount: float | None = Field(default=None, ge=0)
    unit: TimeUnit | None = None

    def hours(self) -> float | None:
        """Working hours this time allows (a calendar day counts as at most one working day)."""
        if self.amount is None or self.unit is None:
            return None
        per_unit = {TimeUnit.HOURS: 1, TimeUnit.WORKING_DAYS: HOURS_PER_DAY, TimeUnit.DAYS: HOURS_PER_DAY}
        return self.amount * per_unit.get(TimeUnit(self.unit), 22 * HOURS_PER_DAY)


class TimeRule(Duration):
    """Statutory processing time (thời hạn giải quyết) for one channel, or for all (``channel`` null)."""

    channel: Channel | None = None
    note: str = ""


class Fee(_Doc):
    """Fee or charge (phí, lệ phí); ``amount_vnd`` null means the amount is not known.

    Only a line that says when it is ``collected`` (before or after processing) is charged to a dossier;
    lines without it describe alternatives (per channel, per list, exemptions) and are only shown.
    """

    code: str = ""
    amount_vnd: int | None = Field(default=None, ge=0)
    description: str = ""
    exemptions: str = ""
    kind: Literal["charge", "fee"] | None = Field(default=None, description="charge (phí) or fee (lệ phí)")
    collected: Literal["before", "after", "exempt"] | None = Field(
        default=None, description="before processing (thu trước), after it (thu sau), or exempt (miễn)"
    )
    channel: Channel | None = Field(default=None, description="the channel it applies to; null: every channel")
    legal_basis: str = ""


class Component(_Doc):
    """Dossier component (thành phần hồ sơ / giấy tờ) with its original and copy counts."""

    code: str = ""
    name: str = Field(min_length=1)
    originals: int | None = Field(default=None, ge=0)
    copies: int | None = Field(default=None, ge=0)
    form_template: str = ""
    alternatives: list[str] = Field(default_factory=list, description="other documents accepted instead")
    required: bool = True


class Case(_Doc):
    """Case (trường hợp) of a procedure with its own components and possibly its own time."""

    code: str = ""
    name: str = Field(min_length=1)
    components: list[Component] = Field(default_factory=list)
    time: Duration | None = None


class Result(_Doc):
    """Result (kết quả thực hiện): MAKETQUA / TENKETQUA."""

    code: str = ""
    name: str = Field(min_length=1)


class LegalDocument(_Doc):
    """Legal basis (căn cứ pháp lý): SOVANBAN / TENVANBAN."""

    number: str = Field(min_length=1)
    title: str = ""


class LocalText(_Doc):
    vi: str
    en: str = ""


class Section(_Doc):
    """A section (phần) of a form: a title and the fields it shows, in order."""

    title: LocalText
    fields: list[str]


class FieldHint(_Doc):
    """How to show one field: label, widget and help text in Vietnamese and English."""

    label: LocalText | None = None
    widget: str | None = Field(default=None, pattern=r"^(text|textarea|date|select|radios|checkbox|number|email|tel)$")
    help: LocalText | None = None


class FormDefinition(_Doc):
    """Electronic form (tờ khai điện tử): JSON Schema 2020-12, layout hints and prefill mappings."""

    json_schema: dict[str, Any]
    sections: list[Section] = Field(default_factory=list)
    hints: dict[str, FieldHint] = Field(default_factory=dict)
    prefill: dict[str, str] = Field(default_factory=dict, description="form field → `<source id>.<field>`")


class AgencyRef(_Doc):
    """An agency by type and level (and, for a department, its name), resolved per receiving unit."""

    kind: AgencyKind
    level: Level
    name: str = ""


class Step(_Doc):
    """Step (bước xử lý) of a process: who acts, where, within which time budget, shown as which status."""

    id: str = Field(pattern=IDENT)
    name: str = Field(min_length=1)
    agency: AgencyRef | None = None
    role: Role | None = None
    budget: Duration = Field(default_factory=Duration)
    budget_online: Duration | None = None
    status: int = Field(ge=1, le=10, description="national status code (TrangThaiHoSo)")
    sub_status: str = ""
    final: bool = False
    remind_after_hours: float | None = Field(default=None, gt=0)
    advance_after_hours: float | None = Field(default=None, gt=0)


class Action(_Doc):
    """Action (thao tác) from one step to another, by whom, producing what."""

    id: str = Field(pattern=IDENT)
    kind: ActionKind
    source: str
    target: str
    actors: list[Role] = Field(default_factory=list)
    condition: str = ""
    produces: list[str] = Field(default_factory=list)
    undoable: bool = False


class Process(_Doc):
    """Process definition (quy trình điện tử): a graph of steps joined by actions."""

    case: str = Field(default="", description="case code it serves; empty: all cases")
    start: str
    steps: list[Step]
    actions: list[Action]


class ProcedureDefinition(_Doc):
    """Everything the national database publishes about a procedure, plus our form and processes."""

    code: str = Field(pattern=r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$")
    name: str = Field(min_length=1, max_length=500)
    kind: str = ""
    sector_code: str = ""
    field_code: str | None = None
    field_name: str = ""
    levels: list[Level] = Field(min_length=1)
    agencies: list[AgencyRef] = Field(default_factory=list)
    agency_text: str = ""
    managing_agency: str = Field(default="", description="department that maintains it (e.g. Sở Tư pháp)")
    target_users: list[TargetUser] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    times: list[TimeRule] = Field(default_factory=list)
    fees: list[Fee] = Field(default_factory=list)
    online_level: OnlineLevel | None = None
    legacy_online_level: int | None = Field(default=None, ge=2, le=4)
    full_process_eligible: bool | None = None
    cases: list[Case] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    requirements: str = ""
    legal_basis: list[LegalDocument] = Field(default_factory=list)
    steps_text: list[str] = Field(default_factory=list)
    form_templates: list[str] = Field(default_factory=list)
    form: FormDefinition | None = None
    processes: list[Process] = Field(default_factory=list)
    parts: list[str] = Field(default_factory=list, description="codes bundled by an interconnected group (liên thông)")
    source: str = ""
    notes: str = ""

    def statutory_hours(self, channel: str, case: str = "") -> float | None:
        """The shortest known statutory time for ``channel`` (or for ``case``), in working hours."""
        if case:
            for item in self.cases:
                if item.code == case and item.time and item.time.hours() is not None:
                    return item.time.hours()
        own = [r.hours() for r in self.times if r.channel == channel]
        known = [h for h in own if h is not None] or [
            h for r in self.times if r.channel is None if (h := r.hours()) is not None
        ]
        return min(known) if known else None
