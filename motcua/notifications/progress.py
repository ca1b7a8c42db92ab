"""Public progress — tiến độ hồ sơ: which moves of a dossier the citizen (and the public) sees, what each
expects of the citizen, and the masked owner name of the public tracking page.

The audit trail (nhật ký xử lý) records every move, internal ones included; this module decides what is
public. Assignments, hand-overs between colleagues, drafts and corrections stay internal; a move between
steps is public when it changes the agency or the status.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.core.db import prepared_cursor
from motcua.core.errors import NotFound
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.models import AuditEntry

#: Verbs that are always public (they concern the citizen directly).
PUBLIC_VERBS = frozenset(
    {
        Verb.SUBMIT,
        Verb.RECEIVE,
        Verb.REFUSE,
        Verb.ASK_TO_COMPLETE,
        Verb.RESUBMIT,
        Verb.REQUEST_SUPPLEMENT,
        Verb.SUPPLEMENT_ANSWER,
        Verb.SUPPLEMENT_LAPSED,
        Verb.REQUEST_PAYMENT,
        Verb.PAYMENT_CONFIRM,
        Verb.APOLOGISE,
        Verb.WITHDRAW,
        Verb.STOP,
        Verb.RETURN,
        Verb.RESULT_CORRECTED,
        Verb.RESULT_REVOKED,
    }
)
#: Verbs that are public only when they change the agency or the status (transfers, results). Every other
#: verb (assignment, hand-over, letter drafts, corrections, the result's trip to the desk) stays internal.
MOVE_VERBS = frozenset({Verb.MOVE, Verb.SEND_BACK, Verb.RECALL, Verb.CHILD_DONE, Verb.FORWARD, Verb.RESULT_SIGNED})

#: What the citizen has to do once the dossier is in a state (empty: nothing, wait).
EXPECTED: dict[str, Promise] = {
    State.SUBMITTED: _("Nothing for now: the one-stop desk is checking your dossier."),
    State.INCOMPLETE: _("Complete your dossier as the one-stop desk asked, then hand it in again."),
    State.REFUSED: _("Your dossier was not received: read the reason. You may file a new dossier."),
    State.RECEIVED: _("Nothing for now: wait for the appointment date."),
    State.IN_PROCESS: _("Nothing for now: the agencies are processing your dossier."),
    State.SUPPLEMENT: _("Hand in the missing documents: the clock is paused until you do."),
    State.AWAITING_PAYMENT: _("Pay the fees so that processing can go on."),
    State.WITHDRAWN: _("Nothing: the dossier was withdrawn."),
    State.STOPPED: _("Nothing: processing was stopped. Read the reason."),
    State.RESULT_READY: _("Collect your result or download the electronic result, then rate the service."),
    State.DELIVERED: _("Nothing: the result was delivered. You may rate the service."),
}
#: States in which the citizen has something to do.
ACTION_STATES = frozenset({State.INCOMPLETE, State.SUPPLEMENT, State.AWAITING_PAYMENT, State.RESULT_READY})
#: Moves whose reason is addressed to the citizen (shown to the owner, never on the public page).
REASONED = frozenset(
    {
        Verb.REFUSE,
        Verb.ASK_TO_COMPLETE,
        Verb.REQUEST_SUPPLEMENT,
        Verb.SUPPLEMENT_LAPSED,
        Verb.APOLOGISE,
        Verb.STOP,
        Verb.WITHDRAW,
        Verb.RESULT_CORRECTED,
        Verb.RESULT_REVOKED,
    }
)


def is_public(verb: str, from_state: str, to_state: str, from_agency_id: int | None, to_agency_id: int | None) -> bool:
    """Whether a move of the audit trail shows on the citizen's timeline and the public tracking page."""
    if verb in PUBLIC_VERBS:
        return True
    if verb in MOVE_VERBS:
        return from_state != to_state or (to_agency_id is not None and from_agency_id != to_agency_id)
    return False


@dataclass(frozen=True)
class PublicStep:
    """One public step of the timeline (quá trình xử lý)."""

    seq: int
    at: dt.datetime
    verb: str
    action: str
    state: str
    status: str
    national_status: int
    agency: str
    expected: str = ""
    reason: str = ""
    items: list[str] = field(default_factory=list)
    new_date: dt.datetime | None = None


_AGENCY_TTL = 300.0
_agency_names: dict[int, str] = {}
_agency_loaded = 0.0


def agency_names(ids: Iterable[int | None]) -> dict[int, str]:
    """Agency names by id, from a small per-process table refreshed every few minutes or on a new id
    (the public page must not pay a query per step)."""
    global _agency_names, _agency_loaded
    wanted = {i for i in ids if i is not None}
    now = time.monotonic()
    stale = now - _agency_loaded > _AGENCY_TTL
    if stale or (wanted - _agency_names.keys() and now - _agency_loaded > 1.0):
        _agency_names = dict(Agency.objects.values_list("id", "name"))
        _agency_loaded = now
    return _agency_names


def agency_names_clear() -> None:
    global _agency_loaded
    _agency_loaded = 0.0


_labels: dict[tuple[str | None, str], str] = {}


def _label(choices: type[State] | type[Verb], value: str, language: str | None) -> str:
    """A state's or move's label in ``language`` (the active one, which the caller reads once: a dozen labels
    per look-up), translated once per process and language."""
    key = (language, f"{choices.__name__}:{value}")
    found = _labels.get(key)
    if found is None:
        try:
            found = str(choices(value).label)
        except ValueError:
            found = value
        _labels[key] = found
    return found


def _when(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def public_steps(entries: Sequence[AuditEntry | _Entry], *, for_owner: bool) -> list[PublicStep]:
    """The public steps among ``entries`` (oldest first); the owner also sees reasons and requested items."""
    names = agency_names(e.to_agency_id for e in entries)
    language = get_language()
    steps: list[PublicStep] = []
    for e in entries:
        if not is_public(e.verb, e.from_state, e.to_state, e.from_agency_id, e.to_agency_id):
            continue
        data = e.data if isinstance(e.data, dict) else {}
        acts = e.to_state in ACTION_STATES and (e.from_state != e.to_state or e.verb in REASONED)
        steps.append(
            PublicStep(
                seq=e.seq,
                at=e.at,
                verb=e.verb,
                action=_label(Verb, e.verb, language),
                state=e.to_state,
                status=_label(State, e.to_state, language),
                national_status=e.national_status,
                agency=names.get(e.to_agency_id or 0, ""),
                expected=str(EXPECTED[e.to_state]) if acts and e.to_state in EXPECTED else "",
                reason=e.reason if for_owner and e.verb in REASONED else "",
                items=[str(i) for i in data.get("items", [])] if for_owner else [],
                new_date=_when(data.get("new_due_at")) if e.verb == Verb.APOLOGISE else None,
            )
        )
    return steps


def expected_now(state: str) -> str:
    """What the citizen has to do now, in a sentence."""
    return str(EXPECTED.get(state, ""))


def mask_name(name: str) -> str:
    """The owner's name as the public page shows it: the family name, then each other word's first letter
    followed by two stars ("Nguyễn Văn An" → "Nguyễn V** A**"); the stars never tell a word's length."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *(f"{w[0]}**" for w in words[1:])])


@dataclass(frozen=True)
class PublicProgress:
    """What anyone may know of a dossier from its code: no personal data beyond the masked owner name."""

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
    steps: list[PublicStep]


class _Entry(NamedTuple):
    """The columns of an audit entry the public page reads (what :func:`public_steps` needs)."""

    seq: int
    at: dt.datetime
    verb: str
    from_state: str
    to_state: str
    from_agency_id: int | None
    to_agency_id: int | None
    national_status: int
    reason: str = ""
    data: dict[str, Any] = {}


_ENTRY_COLUMNS = _Entry._fields[:8]
_DOSSIER_COLUMNS = (
    "dossier__code",
    "dossier__procedure_code",
    "dossier__procedure_name",
    "dossier__state",
    "dossier__national_status",
    "dossier__submitted_at",
    "dossier__received_at",
    "dossier__due_at",
    "dossier__finished_at",
    "dossier__owner_name",
    "dossier__agency_id",
)
Converters = dict[int, tuple[list[Any], Any]]
_prepared: dict[str, tuple[str, Converters]] = {}


def _prepared_query(alias: str) -> tuple[str, Converters]:
    """The SQL of the public look-up and its column converters, compiled once per database: building the
    query through the ORM costs several times more than running it."""
    if alias not in _prepared:
        query = (
            AuditEntry.objects.using(alias)
            .filter(dossier__code="")
            .order_by("seq")
            .values_list(*_ENTRY_COLUMNS, *_DOSSIER_COLUMNS)
            .query
        )
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        assert len(params) == 1  # the code, the only parameter
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        _prepared[alias] = (sql, compiler.get_converters(columns))
    return _prepared[alias]


def _rows(code: str) -> list[list[Any]]:
    connection = connections[DEFAULT_DB_ALIAS]
    sql, converters = _prepared_query(connection.alias)
    with prepared_cursor(connection.alias) as cursor:
        cursor.execute(sql, [code])
        rows = [list(row) for row in cursor.fetchall()]
    for row in rows:
        for position, (functions, expression) in converters.items():
            for function in functions:
                row[position] = function(row[position], expression, connection)
    return rows


def public_progress(code: str) -> PublicProgress:
    """The public progress of the dossier with this code (NotFound otherwise), in one indexed query: the
    audit entries joined to their dossier (every dossier has at least its submission entry)."""
    rows = _rows(code.strip()[:40])
    if not rows:
        raise NotFound(_("No dossier has this code."))
    n = len(_ENTRY_COLUMNS)
    (
        dossier_code,
        procedure_code,
        procedure,
        state,
        national_status,
        submitted_at,
        received_at,
        due_at,
        finished_at,
        owner_name,
        agency_id,
    ) = rows[0][n:]
    entries = [_Entry(*row[:n]) for row in rows]
    return PublicProgress(
        code=dossier_code,
        procedure_code=procedure_code,
        procedure=procedure,
        agency=agency_names([agency_id]).get(agency_id, ""),
        state=state,
        status=_label(State, state, get_language()),
        national_status=national_status,
        submitted_at=submitted_at,
        received_at=received_at,
        due_at=due_at,
        finished_at=finished_at,
        owner=mask_name(owner_name),
        steps=public_steps(entries, for_owner=False),
    )
