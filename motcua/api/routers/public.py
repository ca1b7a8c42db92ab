"""Public endpoints without login: dossier progress by code (rate-limited per address by the API's throttle).

Kept thin for speed: one indexed query (audit entries joined to their dossier), no session, no writes.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Path, Router, Schema

from motcua.api.schemas import Problem
from motcua.notifications.progress import PublicProgress, public_progress

router = Router(tags=["public"])


class PublicStepOut(Schema):
    at: dt.datetime
    action: str
    status: str
    national_status: int
    agency: str
    expected: str


class PublicDossierOut(Schema):
    code: str
    procedure_code: str
    procedure: str
    agency: str
    state: str
    status: str
    national_status: int
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    owner: str
    steps: list[PublicStepOut]


@router.get(
    "/dossiers/{code}",
    response={200: PublicDossierOut, 404: Problem},
    auth=None,
    summary="Public progress of a dossier",
    description=(
        "What anyone may know of a dossier from its code (mã hồ sơ): procedure, receiving agency, status, "
        "received and appointment dates, the public steps; the owner's name masked. 404 for an unknown code."
    ),
)
def public_dossier(request: HttpRequest, code: Path[str]) -> PublicProgress:
    return public_progress(code)
