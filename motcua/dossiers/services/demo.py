"""Demo dossiers: a year of realistic intake at the commune desks, in every state (some late, some with
supplements), made through the lifecycle services with past timestamps. ``DEMO_DOSSIERS`` sets how many."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.actors import SYSTEM
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import engine

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Linh", "Nam", "Phương", "Quân", "Trang", "Tú", "Yến"]


def _plan() -> list[tuple[int, str, list[str]]]:
    """(desk, procedure code, required components) for every commune desk, with procedures that fit it."""
    desks = list(Agency.objects.filter(kind="one_stop_desk", level="commune", active=True).values_list("id", flat=True))
    if not desks:
        return []
    fitting: list[tuple[str, list[str]]] = []
    for procedure in Procedure.objects.filter(published=True, levels__contains=" commune ", is_group=False):
        version = procedure.versions.filter(status="published").order_by("-number").first()
        if version is None:
            continue
        definition = engine.definition_of(version.pk)
        if not definition.processes:
            continue
        try:
            for step in definition.processes[0].steps:
                engine.step_agency(step.agency, desks[0])
        except DomainError:
            continue
        start = definition.processes[0].steps[0].agency
        if start is None or start.kind != "one_stop_desk":
            continue
        fitting.append(
            (procedure.code, [c.name for case in definition.cases[:1] for c in case.components if c.required])
        )
    return (
        [(desk, *fitting[(i * 7 + j) % len(fitting)]) for i, desk in enumerate(desks) for j in range(3)]
        if fitting
        else []
    )


def _person(rng: random.Random) -> svc.PartyIn:
    year = rng.randint(1950, 2005)
    century = 0 if year < 2000 else 2
    number = f"001{century + rng.randint(0, 1)}{year % 100:02d}{rng.randint(0, 999999):06d}"
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return svc.PartyIn(name=name, id_number=number, phone=f"09{rng.randint(10000000, 99999999)}", address="Hà Nội")


def _walk(dossier: Dossier, at: dt.datetime, rng: random.Random, now: dt.datetime) -> None:
    """Take the dossier forward through its process, with the odd supplement, payment, withdrawal or stop."""
    roll = rng.random()
    for _move in range(12):
        at += dt.timedelta(hours=rng.choice([2, 4, 6, 20, 26, 50]) * (3 if roll > 0.9 else 1))  # a tenth run late
        if at >= now:
            return
        state = dossier.state
        kwargs: dict[str, Any] = {"actor": SYSTEM, "dossier_id": dossier.pk, "at": at}
        if state in (State.RECEIVED, State.IN_PROCESS) and roll < 0.10 and dossier.supplements == 0:
            dossier = svc.dossier_request_supplement(**kwargs, reason="Bổ sung bản sao giấy tờ", items=["Bản sao CCCD"])
        elif state == State.SUPPLEMENT:
            if roll < 0.02:
                return
            dossier = svc.dossier_supplement_answer(**kwargs)
        elif state in (State.RECEIVED, State.IN_PROCESS) and 0.10 <= roll < 0.12:
            dossier = svc.dossier_withdraw(**kwargs, reason="Công dân đề nghị rút hồ sơ")
        elif state in (State.RECEIVED, State.IN_PROCESS) and 0.12 <= roll < 0.14:
            dossier = svc.dossier_stop(**kwargs, reason="Chờ kết quả xác minh của cơ quan khác")
        elif state == State.RESULT_READY:
            dossier = svc.dossier_return(**kwargs)
        elif state in (State.RECEIVED, State.IN_PROCESS):
            dossier = svc.dossier_move(**kwargs)
        else:
            return


def dossiers_load_demo(*, count: int | None = None, seed: int = 2026) -> int:
    """Create ``count`` (``DEMO_DOSSIERS``, 20,000) demo dossiers over the past year; none if dossiers exist."""
    if Dossier.objects.exists():
        return 0
    plan = _plan()
    if not plan:
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not secrets
    now = timezone.now()
    total = settings.DEMO_DOSSIERS if count is None else count
    made = 0
    for i in range(total):
        desk, code, components = plan[i % len(plan)]
        days_ago = int(365 * (1 - (i / max(total, 1)) ** 0.7))
        day = timezone.localtime(now - dt.timedelta(days=days_ago)).replace(
            hour=rng.randint(7, 16), minute=rng.randint(0, 59)
        )
        at = min(day, now - dt.timedelta(minutes=5))
        online = rng.random() < 0.7
        fate = rng.random()
        try:
            d = svc.dossier_submit(
                actor=SYSTEM,
                agency_id=desk,
                procedure_code=code,
                channel="online" if online else "in_person",
                submitter=_person(rng),
                components=[svc.ComponentIn(name=n, digitised=True) for n in components]
                or [svc.ComponentIn(name="Tờ khai")],
                receive=not online and fate >= 0.03,
                at=at,
            )
            made += 1
            if d.state == State.SUBMITTED:
                if fate < 0.03:
                    svc.dossier_refuse(
                        actor=SYSTEM,
                        dossier_id=d.pk,
                        reason="Hồ sơ không thuộc thẩm quyền",
                        at=at + dt.timedelta(hours=2),
                    )
                    continue
                if days_ago < 2 and fate < 0.5:
                    continue  # still waiting for reception
                d = svc.dossier_receive(actor=SYSTEM, dossier_id=d.pk, at=at + dt.timedelta(hours=1))
            _walk(d, at + dt.timedelta(hours=1), rng, now)
        except DomainError:
            continue
    return made
