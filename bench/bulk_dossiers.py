"""Bulk generator of realistic dossiers (hồ sơ) for the HTTP benchmarks, written straight into the database.

Dossiers are spread over Hà Nội's 126 commune one-stop desks and the demo catalogue's commune procedures and
follow each procedure's own process: submitted, received (at the counter or online), handled and signed at
the commune's People's Committee, the result ready at the desk, delivered; some are refused, withdrawn,
stopped, waiting for a supplement or asked to complete. Each has a consistent state, national status, step,
current agency, legal clock (appointment from the workdays calendar), one component, the agencies it visited,
and a valid audit chain (``manage.py audit_verify`` passes). Every commune has a desk officer, two specialists
and a leader with a TOTP device, so that worklists can be read as real officials.

Deterministic: the same ``seed`` and ``anchor`` give the same rows. PostgreSQL gets ``COPY`` (secondary
indexes dropped during the load and rebuilt after); other databases plain inserts (used by the tests).
``build(url, size)`` makes a benchmark database once and reuses it while its marker says the same size.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlparse

HANOI = dt.timezone(dt.timedelta(hours=7))
STAFF_PASSWORD_HASH = "!bench"  # noqa: S105 — unusable: bench officials only get sessions made for them
SEED = 20260701
#: (outcome, weight): about 4 % of dossiers open, as in a city that keeps up with its work.
OUTCOMES: tuple[tuple[str, float], ...] = (
    ("delivered", 0.905),
    ("refused", 0.02),
    ("withdrawn", 0.01),
    ("stopped", 0.005),
    ("submitted", 0.006),
    ("incomplete", 0.001),
    ("supplement", 0.004),
    ("handle", 0.025),
    ("sign", 0.012),
    ("result_ready", 0.012),
)
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu", "Thanh", "Hoài", "Xuân", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hùng",
    "Huyền",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngân",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Tuấn",
    "Việt",
    "Vy",
    "Yến",
]
STREETS = [
    "Hàng Bạc",
    "Hàng Đào",
    "Lý Thái Tổ",
    "Tràng Tiền",
    "Phố Huế",
    "Kim Mã",
    "Láng Hạ",
    "Giải Phóng",
    "Nguyễn Trãi",
    "Cầu Giấy",
]


@dataclass(frozen=True)
class Hop:
    """One forward move of a process: the action leaving ``source`` for ``target``."""

    action: str
    kind: str
    source: str
    target: str
    target_status: int
    target_agency: int
    source_role: str


@dataclass(frozen=True)
class Lane:
    """A commune desk with one procedure: everything needed to make its dossiers without the engine."""

    desk: int
    desk_code: str
    committee: int
    procedure: str
    procedure_name: str
    version: int
    components: tuple[str, ...]
    statutory: tuple[float, str] | None
    start: str
    hops: tuple[Hop, ...]
    refuse_target: str


@dataclass(frozen=True)
class Staff:
    desk_officer: int
    specialists: tuple[int, ...]
    leader: int


@dataclass
class Batch:
    """Rows for one write, by model label, in the column order of :func:`columns`."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, label: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(label, []).append(row)


@dataclass
class _Entry:
    """What ``audit.entry_hash`` reads of an audit entry (a full model instance per row would be slow)."""

    seq: int
    at: dt.datetime
    verb: str
    actor_user_id: int | None
    actor_client_id: int | None
    actor_name: str
    from_state: str
    from_step: str
    from_agency_id: int | None
    to_state: str
    to_step: str
    to_agency_id: int | None
    national_status: int
    reason: str
    data: dict[str, Any]
    prev_hash: str = ""
    hash: str = ""


# --- reference data -------------------------------------------------------------------------------


def ensure_reference() -> None:
    """Hà Nội's units, the demo city and commune agencies, the demo catalogue (skipped when present)."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import Procedure
    from motcua.catalog.services.demo import catalog_load_demo
    from motcua.demo import agencies as demo
    from motcua.geo.models import Unit
    from motcua.geo.services import units_load

    if not Agency.objects.filter(kind="one_stop_desk", level="commune").exists():
        units_load(province="01")
        province = Unit.objects.get(structure="2025", code="01")
        demo.load_2025(province, demo.load_city(province))
    if not Procedure.objects.exists():
        catalog_load_demo()


def lanes() -> list[Lane]:
    """Every (commune desk, commune procedure) whose process runs desk → committee → desk."""
    from motcua.agencies.models import Agency
    from motcua.catalog.constants import ActionKind
    from motcua.catalog.models import Procedure
    from motcua.dossiers.exceptions import InvalidDossier
    from motcua.dossiers.services import engine

    forward = {ActionKind.ACCEPT, ActionKind.TRANSFER, ActionKind.APPROVE, ActionKind.SIGN, ActionKind.RETURN_RESULT}
    desks = list(
        Agency.objects.filter(kind="one_stop_desk", level="commune", unit__structure="2025", active=True)
        .order_by("code")
        .values_list("id", "code", "parent_id")
    )
    found: list[Lane] = []
    procedures = Procedure.objects.filter(published=True, levels__contains=" commune ", is_group=False)
    for procedure in procedures.order_by("code"):
        version = procedure.versions.filter(status="published").order_by("number").last()
        if version is None:
            continue
        definition = engine.definition_of(version.pk)
        if not definition.processes or definition.parts:
            continue
        process = definition.processes[0]
        steps = {s.id: s for s in process.steps}
        start = steps[process.start]
        if start.agency is None or start.agency.kind != "one_stop_desk":
            continue
        components = [c.name for case in definition.cases[:1] for c in case.components if c.required]
        refuse = engine.actions_from(process, process.start, ActionKind.REFUSE)
        for desk, desk_code, committee in desks:
            hops: list[Hop] = []
            here = process.start
            try:
                while len(hops) < len(steps):
                    out = [a for a in process.actions if a.source == here and a.kind in forward]
                    if not out:
                        break
                    target = steps[out[0].target]
                    agency = engine.step_agency(target.agency, desk)
                    role = str(steps[here].role or "")
                    hops.append(Hop(out[0].id, str(out[0].kind), here, target.id, target.status, agency, role))
                    here = target.id
            except InvalidDossier:
                continue
            if len(hops) < 3 or not refuse:
                continue
            found.append(
                Lane(
                    desk=desk,
                    desk_code=desk_code,
                    committee=committee or desk,
                    procedure=definition.code,
                    procedure_name=definition.name[:500],
                    version=version.pk,
                    components=tuple(c[:500] for c in components) or ("Tờ khai",),
                    statutory=engine.statutory_time(definition, "in_person", ""),
                    start=process.start,
                    hops=tuple(hops),
                    refuse_target=refuse[0].target,
                )
            )
    return found


def ensure_staff(desks: Sequence[tuple[int, str, int]]) -> dict[int, Staff]:
    """A desk officer, two specialists and a leader (with a confirmed TOTP device) per (desk, committee)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.constants import UserKind
    from motcua.accounts.models import User
    from motcua.agencies.constants import Role
    from motcua.agencies.models import Membership

    wanted = [(desk, code, committee, role, n) for desk, code, committee in desks for role, n in _STAFF_ROLES]
    names = {f"bench.{code}.{role}.{n}": (desk, committee, role) for desk, code, committee, role, n in wanted}
    existing = dict(User.objects.filter(username__in=names).values_list("username", "id"))
    rng = random.Random(7)
    new = [
        User(username=u, kind=UserKind.OFFICIAL, full_name=_person(rng), password=STAFF_PASSWORD_HASH)
        for u in names
        if u not in existing
    ]
    if new:
        User.objects.bulk_create(new, batch_size=1000)
        existing = dict(User.objects.filter(username__in=names).values_list("username", "id"))
        made = {u.username for u in new}
        TOTPDevice.objects.bulk_create(
            [TOTPDevice(user_id=existing[u], name="bench", confirmed=True) for u in made], batch_size=1000
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=existing[u],
                    agency_id=desk if role == Role.ONE_STOP_OFFICER else committee,
                    role=role,
                )
                for u, (desk, committee, role) in names.items()
                if u in made
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    staff: dict[int, Staff] = {}
    for desk, code, _committee in desks:
        staff[desk] = Staff(
            desk_officer=existing[f"bench.{code}.one_stop_officer.1"],
            specialists=(existing[f"bench.{code}.specialist.1"], existing[f"bench.{code}.specialist.2"]),
            leader=existing[f"bench.{code}.leader.1"],
        )
    return staff


_STAFF_ROLES = (("one_stop_officer", 1), ("specialist", 1), ("specialist", 2), ("leader", 1))


# --- rows -----------------------------------------------------------------------------------------


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _personal_id(rng: random.Random) -> str:
    year = rng.randint(1950, 2005)
    century_sex = (0 if year < 2000 else 2) + rng.randint(0, 1)
    return f"001{century_sex}{year % 100:02d}{rng.randint(0, 999_999):06d}"


def _span_days(lane: Lane) -> float:
    """Roughly how many calendar days the statutory time of the lane's procedure spans."""
    if lane.statutory is None:
        return 5.0
    amount, unit = lane.statutory
    per = {"working_days": 1.4, "days": 1.0, "hours": 1 / 6}.get(unit, 1.4)
    return max(amount * per, 1.0)


def _office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 45)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, rng.randint(0, 59), tzinfo=HANOI)


def generate(
    plan: Sequence[Lane],
    staff: dict[int, Staff],
    *,
    count: int,
    seed: int = SEED,
    anchor: dt.datetime,
    first_id: int = 1,
    batch: int = 5000,
) -> Iterator[Batch]:
    """``count`` dossiers with ids from ``first_id``, in batches; the last batch carries the daily sequences."""
    from motcua.dossiers.services import engine
    from motcua.dossiers.services.intake import transfer_day
    from motcua.workdays import deadline

    rng = random.Random(seed)
    outcomes = [o for o, _w in OUTCOMES]
    weights = [w for _o, w in OUTCOMES]
    sequences: dict[tuple[int, dt.date], int] = {}
    calendars = {lane.desk: engine.calendar_of(lane.desk) for lane in plan}
    transfer: dict[tuple[int, dt.date], str] = {}
    current = Batch()
    for n in range(count):
        lane = plan[rng.randrange(len(plan))]
        outcome = rng.choices(outcomes, weights)[0]
        age = rng.uniform(25, 730)
        if outcome not in ("delivered", "refused", "withdrawn", "stopped"):
            # open: part way through its statutory time, and some have been waiting too long
            age = _span_days(lane) * (rng.uniform(1.1, 3) if rng.random() < 0.06 else rng.uniform(0.05, 0.9))
        day = (anchor - dt.timedelta(days=age)).astimezone(HANOI).date()
        row = _Dossier(
            lane=lane,
            staff=staff[lane.desk],
            dossier_id=first_id + n,
            channel="in_person" if rng.random() < 0.55 else "online",
            submitted=_office_time(rng, day),
            person=_person(rng),
            id_number=_personal_id(rng),
        )
        row.walk(rng, outcome, calendars[lane.desk], deadline)
        if not row.finished:
            row.before(anchor)
        submitted = row.fields["submitted_at"]
        key = (lane.desk, submitted.date())
        sequences[key] = sequences.get(key, 0) + 1
        received = row.fields.get("received_at")
        by = ""
        if received is not None:
            day_key = (lane.desk, received.astimezone(HANOI).date())
            if day_key not in transfer:
                transfer[day_key] = transfer_day(lane.desk, received).isoformat()
            by = transfer[day_key]
        row.seal(f"{lane.desk_code}-{submitted:%y%m%d}-{sequences[key]:04d}", by)
        row.emit(current)
        if len(current.rows.get("dossiers.Dossier", [])) >= batch:
            yield current
            current = Batch()
    for (desk, day), last in sorted(sequences.items()):
        current.add("dossiers.DailySequence", {"agency_id": desk, "day": day, "last": last})
    yield current


class _Dossier:
    """One dossier being made: walks its lane's process to the chosen outcome, recording audit entries."""

    def __init__(
        self,
        *,
        lane: Lane,
        staff: Staff,
        dossier_id: int,
        channel: str,
        submitted: dt.datetime,
        person: str,
        id_number: str,
    ) -> None:
        self.lane, self.staff, self.id, self.channel = lane, staff, dossier_id, channel
        self.person, self.id_number, self.code = person, id_number, ""
        self.fields: dict[str, Any] = {
            "state": "submitted",
            "step": lane.start,
            "current_agency_id": lane.desk,
            "submitted_at": submitted,
            "step_started_at": submitted,
            "previous_step": "",
            "assignee_id": None,
        }
        self.entries: list[_Entry] = []
        self.visits: set[int] = set()
        self.pause: dt.datetime | None = None
        self.at = submitted
        self.finished = False

    def _commit(self, verb: str, to_state: str, actor: int | None, **changes: Any) -> None:
        from motcua.dossiers.constants import NATIONAL_STATUS

        f = self.fields
        to_agency = changes.get("current_agency_id", f["current_agency_id"])
        counter_intake = verb == "receive" and self.channel == "in_person"  # filed and received in one go
        if self.entries and to_agency != f["current_agency_id"] and not counter_intake:
            self.visits.add(f["current_agency_id"])
        self.entries.append(
            _Entry(
                seq=len(self.entries) + 1,
                at=self.at,
                verb=verb,
                actor_user_id=actor,
                actor_client_id=None,
                actor_name="" if actor is None else f"bench {actor}",
                from_state=f["state"] if self.entries else "",
                from_step=f["step"],
                from_agency_id=f["current_agency_id"],
                to_state=to_state,
                to_step=changes.get("step", f["step"]),
                to_agency_id=to_agency,
                national_status=NATIONAL_STATUS[to_state],
                reason=changes.pop("reason", ""),
                data={k: str(v) for k, v in changes.pop("data", {}).items()},
            )
        )
        f.update(changes)
        f["state"] = to_state

    def _later(self, rng: random.Random, hours: float) -> None:
        self.at = self.at + dt.timedelta(hours=hours * rng.uniform(0.5, 1.5))

    def _go(self, hop: Hop, verb: str, actor: int | None, **extra: Any) -> None:
        from motcua.dossiers.constants import STATE_OF_STEP_STATUS, State

        to_state = STATE_OF_STEP_STATUS.get(hop.target_status, State.IN_PROCESS)
        changes: dict[str, Any] = {
            "step": hop.target,
            "previous_step": self.fields["step"],
            "step_started_at": self.at,
            "current_agency_id": hop.target_agency,
            "assignee_id": None,
        }
        if to_state in (State.RESULT_READY, State.DELIVERED) and self.fields.get("finished_at") is None:
            changes["finished_at"] = self.at
        if to_state == State.DELIVERED:
            changes["returned_at"] = self.at
        self._commit(verb, to_state, actor, data={"action": hop.action, "kind": hop.kind} | extra, **changes)

    def walk(self, rng: random.Random, outcome: str, calendar: Any, deadline: Any) -> None:
        """Make the audit entries from submission to ``outcome`` (a final state, or where an open one waits)."""
        lane, staff = self.lane, self.staff
        self.finished = outcome in ("delivered", "refused", "withdrawn", "stopped")
        self._commit("submit", "submitted", None)
        if outcome == "submitted":
            return
        if outcome in ("incomplete", "refused"):
            self._later(rng, 2)
            if outcome == "incomplete":
                reason = "Thiếu bản sao giấy tờ tùy thân"
                self._commit("ask_to_complete", "incomplete", staff.desk_officer, reason=reason)
            else:
                reason = "Hồ sơ không thuộc thẩm quyền giải quyết"
                refused = {"step": lane.refuse_target, "finished_at": self.at, "reason": reason}
                self._commit("refuse", "refused", staff.desk_officer, **refused)
            return
        if self.channel == "online":
            self._later(rng, 4)
        receive = lane.hops[0]
        changes: dict[str, Any] = {"received_at": self.at, "clock_started_at": self.at}
        data: dict[str, Any] = {}
        if lane.statutory is not None:
            amount, unit = lane.statutory
            due = deadline(calendar, self.at, Decimal(str(amount)), unit)
            changes |= {"clock_started_at": due.start_effective, "due_at": due.due, "statutory_amount": amount}
            changes["statutory_unit"] = unit
            data = {"due_at": due.due.isoformat(), "statutory": f"{amount:g} {unit}"}
        self._go(receive, "receive", staff.desk_officer, **data)
        self.fields.update(changes)
        due_at = self.fields.get("due_at") or self.at + dt.timedelta(days=3)
        hours = max((due_at - self.at).total_seconds() / 3600, 8.0)
        late = rng.random() < 0.04
        if outcome in ("withdrawn", "stopped"):
            self._later(rng, hours * 0.3)
            verb = "withdraw" if outcome == "withdrawn" else "stop"
            self._commit(verb, outcome, staff.leader, finished_at=self.at, reason="Theo đề nghị của công dân")
            return
        specialist = staff.specialists[self.id % 2]
        if outcome in ("handle", "supplement"):
            if rng.random() < 0.7:
                self._later(rng, 2)
                self._commit("assign", self.fields["state"], staff.leader, assignee_id=specialist)
            if outcome == "supplement":
                self._later(rng, hours * 0.2)
                self.pause = self.at
                self._commit(
                    "request_supplement", "supplement", specialist, paused_at=self.at, resume_state="in_process",
                    supplements=1, supplement_due_at=self.at + dt.timedelta(days=7),
                )  # fmt: skip
            return
        moves = lane.hops[1:-1]  # handled, appraised, signed … up to the result at the desk
        done = {"sign": len(moves) - 1, "result_ready": len(moves)}.get(outcome, len(moves))
        for hop in moves[:done]:
            self._later(rng, hours * (0.9 if late else 0.4) / len(moves))
            self._go(hop, "move", self._actor(hop.source_role, specialist))
        if outcome == "delivered":
            self._later(rng, 30)
            self._go(lane.hops[-1], "return", staff.desk_officer)

    def _actor(self, role: str, specialist: int) -> int:
        if role == "leader":
            return self.staff.leader
        return self.staff.desk_officer if role == "one_stop_officer" else specialist

    def before(self, anchor: dt.datetime) -> None:
        """Move an open dossier's whole history back by whole weeks (weekdays and office hours kept) so
        that its last move happened before ``anchor``."""
        if self.at < anchor:
            return
        shift = dt.timedelta(weeks=(self.at - anchor) // dt.timedelta(weeks=1) + 1)
        self.at -= shift
        for entry in self.entries:
            entry.at -= shift
            if "due_at" in entry.data:
                entry.data["due_at"] = (dt.datetime.fromisoformat(entry.data["due_at"]) - shift).isoformat()
        for name, value in list(self.fields.items()):
            if isinstance(value, dt.datetime):
                self.fields[name] = value - shift
        if self.pause is not None:
            self.pause -= shift

    def seal(self, code: str, transfer_by: str) -> None:
        """Give the dossier its code and chain its audit entries' hashes."""
        from motcua.dossiers.audit import entry_hash

        self.code = code
        prev = ""
        for entry in self.entries:
            if entry.verb == "receive":
                entry.data["transfer_by"] = transfer_by
            entry.prev_hash = prev
            entry.hash = prev = entry_hash(cast("Any", entry), code)

    def emit(self, batch: Batch) -> None:
        from motcua.dossiers.constants import NATIONAL_STATUS

        lane, f = self.lane, self.fields
        street = STREETS[self.id % len(STREETS)]
        address = f"Số {self.id % 200 + 1} {street}, Hà Nội"
        row = f | {
            "id": self.id,
            "code": self.code,
            "agency_id": lane.desk,
            "procedure_version_id": lane.version,
            "procedure_code": lane.procedure,
            "procedure_name": lane.procedure_name,
            "channel": self.channel,
            "submitter_name": self.person,
            "submitter_id_number": self.id_number,
            "submitter_phone": f"09{self.id % 100_000_000:08d}",
            "submitter_address": address,
            "owner_name": self.person,
            "owner_id_number": self.id_number,
            "owner_address": address,
            "summary": lane.procedure_name[:200],
            "national_status": NATIONAL_STATUS[f["state"]],
            "version": len(self.entries),
            "audit_seq": len(self.entries),
            "audit_hash": self.entries[-1].hash,
            "created_at": f["submitted_at"],
        }
        batch.add("dossiers.Dossier", row)
        for e in self.entries:
            audit = {k: v for k, v in vars(e).items() if k != "data"} | {"dossier_id": self.id}
            batch.add("dossiers.AuditEntry", audit | {"data": e.data})
        for agency in sorted(self.visits):
            batch.add("dossiers.DossierVisit", {"dossier_id": self.id, "agency_id": agency})
        batch.add("dossiers.DossierComponent", {"dossier_id": self.id, "name": lane.components[0], "digitised": True})
        if self.pause is not None:
            batch.add("dossiers.Pause", {"dossier_id": self.id, "reason": "supplement", "started_at": self.pause})


# --- writing --------------------------------------------------------------------------------------


def columns(label: str) -> list[tuple[str, str, Any, bool]]:
    """(attribute, column, default, is JSON) of a model's concrete fields, the primary key only if given."""
    from django.apps import apps
    from django.db import models

    model = apps.get_model(label)
    out = []
    for f in model._meta.concrete_fields:
        default = None if f.primary_key or not f.has_default() else f.get_default()
        if default is None and not f.null and isinstance(f, models.CharField | models.TextField):
            default = ""
        out.append((f.attname, f.column, default, isinstance(f, models.JSONField)))
    return out


def write(batch: Batch) -> None:
    """Insert a batch: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for label, rows in batch.rows.items():
            cols = columns(label)
            if "id" not in rows[0]:
                cols = [c for c in cols if c[0] != "id"]
            table = apps.get_model(label)._meta.db_table
            values = (
                tuple(json.dumps(r.get(a, d), ensure_ascii=False) if j else r.get(a, d) for a, _c, d, j in cols)
                for r in rows
            )
            names = ", ".join(f'"{c}"' for _a, c, _d, _j in cols)
            if label == "dossiers.DailySequence":
                _merge_sequences(cursor, table, [(r["agency_id"], r["day"], r["last"]) for r in rows])
            elif connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                marks = ", ".join(["%s"] * len(cols))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values))  # noqa: S608 — our table and columns


def _merge_sequences(cursor: Any, table: str, rows: list[tuple[int, dt.date, int]]) -> None:
    cursor.executemany(
        f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608 — our table name
        f"ON CONFLICT (agency_id, day) DO UPDATE SET last = "
        f"CASE WHEN excluded.last > {table}.last THEN excluded.last ELSE {table}.last END",
        rows,
    )


LOADED = ("dossiers.Dossier", "dossiers.AuditEntry", "dossiers.DossierVisit", "dossiers.DossierComponent")


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the loaded tables' indexes that back no constraint (PostgreSQL)."""
    from django.apps import apps
    from django.db import connection

    tables = [apps.get_model(label)._meta.db_table for label in LOADED]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        return list(cursor.fetchall())


def load(plan: Sequence[Lane], staff: dict[int, Staff], *, count: int, seed: int, anchor: dt.datetime) -> float:
    """Generate and write ``count`` dossiers; on PostgreSQL without secondary indexes during the load.

    Returns the seconds it took."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers_dossier")
        (first,) = cursor.fetchone()
    # rebuilding the indexes once beats updating them row by row, but needs no pending FK checks (no outer
    # transaction, as in the tests)
    indexes = _secondary_indexes() if connection.vendor == "postgresql" and not connection.in_atomic_block else []
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        for batch in generate(plan, staff, count=count, seed=seed, anchor=anchor, first_id=first + 1):
            with transaction.atomic():
                write(batch)
    finally:
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
                    "(SELECT COALESCE(MAX(id), 1) FROM dossiers_dossier))"
                )
                # statistics, and the visibility map a settled database has (index-only scans rely on it)
                command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                for label in LOADED:
                    cursor.execute(f"{command} {label.replace('.', '_').lower()}")
    return time.perf_counter() - started


# --- the benchmark database -----------------------------------------------------------------------

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_http"
SIZES = {"small": 20_000, "full": 1_000_000}


def database_url(scale: str) -> str:
    """``BENCH_HTTP_PG_URL``, else ``motcua_bench_http`` (full) or ``motcua_bench_http_small``: the
    HTTP benches share it, and a small run does not throw the million-dossier database away."""
    given = os.environ.get("BENCH_HTTP_PG_URL")
    if given:
        return given
    return DEFAULT_URL if scale == "full" else DEFAULT_URL + "_small"


@dataclass(frozen=True)
class Built:
    size: int
    seconds: float
    reused: bool
    lanes: int
    officials: int

    def context(self) -> str:
        how = "reused" if self.reused else f"generated in {self.seconds:.0f} s"
        return f"{self.size:,} dossiers ({how}), {self.lanes:,} desk×procedure lanes, {self.officials} officials"


def _admin(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    return parsed._replace(path="/postgres").geturl(), parsed.path.lstrip("/")


def _marker(url: str, seed: int) -> int | None:
    """The size the database was built with (None when missing or built otherwise)."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            return None
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('bench_build')").fetchone()
        if exists is None or exists[0] is None:
            return None
        row = conn.execute("SELECT size FROM bench_build WHERE seed = %s", [seed]).fetchone()
        return int(row[0]) if row else None


def build(url: str = DEFAULT_URL, size: int = SIZES["small"], *, seed: int = SEED) -> Built:
    """Set Django up on the benchmark database ``url``, made with ``size`` dossiers unless already so."""
    import psycopg

    from bench.common import django_setup

    reused = _marker(url, seed) == size
    if not reused:
        admin, name = _admin(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    django_setup(url)
    from django.db import connection

    ensure_reference()
    plan = lanes()
    desks = sorted({(lane.desk, lane.desk_code, lane.committee) for lane in plan})
    staff = ensure_staff(desks)
    seconds = 0.0
    if not reused:
        anchor = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
        seconds = load(plan, staff, count=size, seed=seed, anchor=anchor)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_build (seed integer, size integer, anchor timestamptz)")
            cursor.execute("INSERT INTO bench_build VALUES (%s, %s, %s)", [seed, size, anchor])
    return Built(size=size, seconds=seconds, reused=reused, lanes=len(plan), officials=4 * len(desks))


def run(scale: str) -> list[Any]:
    """``make bench BENCH=bulk_dossiers``: how fast the generator fills a fresh database of its own."""
    import psycopg

    from bench.common import Figure

    url = os.environ.get("BENCH_BULK_PG_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_bulk")
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:  # always a fresh build, not the HTTP benches' copy
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    built = build(url, SIZES.get(scale, SIZES["small"]))
    load_avg = os.getloadavg()[0]
    from django.db import connection

    connection.close()
    with psycopg.connect(admin, autocommit=True) as conn:  # several GB at full scale: give the disk back
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return [
        Figure(
            "bulk_dossiers",
            built.size / built.seconds,
            "dossiers/s",
            f"{built.context()}, with audit chains, visits, components; PostgreSQL COPY; load avg {load_avg:.1f}",
        )
    ]
