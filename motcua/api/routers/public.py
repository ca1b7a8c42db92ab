"""Public endpoints without login: dossier progress by code (rate-limited per address by the API's throttle).

Kept thin for speed: one indexed query (audit entries joined to their dossier), no session, no writes, and
the answer serialised here rather than validated again through the schema (the schema still documents it
and the API's schema tests check the answers against it).
"""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest, HttpResponse
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
def public_dossier(request: HttpRequest, code: Path[str]) -> HttpResponse:
    return HttpResponse(json.dumps(_public_json(public_progress(code)), ensure_ascii=False), "application/json")


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _public_json(found: PublicProgress) -> dict[str, object]:
    """The fields of :class:`PublicDossierOut`, in its order."""
    return {
        "code": found.code,
        "procedure_code": found.procedure_code,
        "procedure": found.procedure,
        "agency": found.agency,
        "state": found.state,
        "status": found.status,
        "national_status": found.national_status,
        "submitted_at": found.submitted_at.isoformat(),
        "received_at": _when(found.received_at),
        "due_at": _when(found.due_at),
        "finished_at": _when(found.finished_at),
        "owner": found.owner,
        "steps": [
            {
                "at": step.at.isoformat(),
                "action": step.action,
                "status": step.status,
                "national_status": step.national_status,
                "agency": step.agency,
                "expected": step.expected,
            }
            for step in found.steps
        ],
    }
