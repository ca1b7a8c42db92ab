"""Worklists of the one-stop desk and the officers (danh sách công việc) and the actions open to an official
now: reads scoped by the caller, built on ``Dossier.objects.visible_to(actor)``.

Which dossiers an official may act on, per worklist (``A`` = agencies where the official holds a role other
of one-stop officer, specialist or leader, ``D`` = those where they are a one-stop officer, ``L`` = those where they lead):

* ``receive``: submitted, awaiting reception at an agency of ``D``;
* ``process``: received, in process or with the result ready, at an agency of ``A``, and either unassigned,
  assigned to the official, or at an agency of ``L``;
* ``supplement``: waiting for the citizen (supplement requested, or asked to complete before reception),
  received by an agency of ``D`` or now at an agency of ``A``;
* ``due``: of ``process``, received or in process, the appointment within the next 24 working hours;
* ``overdue``: of ``process``, received or in process, the appointment passed;
* ``sign``: of ``process``, received or in process, at a step whose sign action (ký) is open to the official;
* ``watch``: open dossiers the official observes at their current step (theo dõi);
* ``done``: finished (refused, withdrawn, stopped, delivered) and visible to the official.

"The official" covers those they stand in for (delegation, substitute during leave): their assigned work is
the delegate's too, and the delegated roles count as the delegate's. A co-handler of the current step handles
the dossier like its main handler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import connections, router
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.agencies.constants import Role
from motcua.agencies.models import Membership
from motcua.catalog.constants import ActionKind
from motcua.catalog.definition import Action
from motcua.core.db import prepared_cursor
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import FINAL_STATES, WORKING, State
from motcua.dossiers.models import Dossier, DossierHandler, DossierVisit, HandlerKind, ResultReturn, ReturnStage
from motcua.dossiers.policies import can_act_at, can_assign, can_receive, can_speak_for_citizen
from motcua.dossiers.services import engine
from motcua.dossiers.services.handlers import may_handle
from motcua.dossiers.services.returns import issuing_agency
from motcua.workdays import add_working_time, calendar_for

WORKLISTS: dict[str, object] = {
    "receive": _("To receive"),
    "process": _("To process"),
    "supplement": _("Waiting for supplement"),
    "due": _("Due within 24 working hours"),
    "overdue": _("Overdue"),
    "sign": _("To sign"),
    "watch": _("Observing"),
    "done": _("Done"),
}
DUE_HOURS = 24
#: The "done" tab counts this far and then shows "more than" (see :func:`worklist_counts`).
DONE_CAP = 1_000


@dataclass(frozen=True)
class WorklistRow:
    """One line of a worklist (dòng danh sách công việc): what the table shows, read as plain values. A page
    of fifty full ``Dossier`` instances (with their assignees) cost more than the rest of the page's reads."""

    pk: int
    code: str
    procedure_code: str
    procedure_name: str
    owner_name: str
    state: str
    due_at: dt.datetime | None
    submitted_at: dt.datetime | None
    assignee_id: int | None
    assignee_name: str


@dataclass(frozen=True)
class WorklistPage:
    count: int
    items: list[WorklistRow]
    #: ``count`` is a lower bound: the list is longer (the "done" list is not counted to its end)
    capped: bool = False


#: Roles that work on dossiers (administrators and the city operator watch, they do not handle).
WORKING_ROLES = (Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.LEADER)


def _agencies(actor: Actor, *roles: str) -> set[int]:
    wanted = set(roles) or set(WORKING_ROLES)
    return {agency for agency, role in actor.roles if role in wanted}


def due_bound(now: dt.datetime) -> dt.datetime:
    """The instant 24 working hours after ``now`` (deployment calendar)."""
    return add_working_time(calendar_for(), now, dt.timedelta(hours=DUE_HOURS))


def _conditions(actor: Actor, now: dt.datetime, *, due: bool = True) -> dict[str, Q]:
    """Each worklist's condition on the dossiers ``actor`` sees (``sign`` is a further step, see
    :func:`worklist_queryset`); ``due=False`` leaves out ``due``, whose bound needs the working calendar."""
    handled = _handled(actor)  # shared by four lists: its subquery built once
    return {name: _condition(actor, now, name, handled) for name in WORKLISTS if due or name != "due"}


def _handled(actor: Actor) -> Q:
    """Dossiers now at the actor's agencies that the actor handles: unassigned, assigned to them (or to whom they
    stand in for), at an agency they lead, or with them as a co-handler of the current step."""
    co = DossierHandler.objects.filter(
        dossier_id=OuterRef("pk"), user_id__in=actor.covers, kind=HandlerKind.CO_HANDLER, ended_at__isnull=True
    )
    return Q(current_agency_id__in=_agencies(actor)) & (
        Q(assignee__isnull=True)
        | Q(assignee_id__in=actor.covers)
        | Q(current_agency_id__in=_agencies(actor, Role.LEADER))
        | Q(Exists(co))
    )


def _condition(actor: Actor, now: dt.datetime, worklist: str, handled: Q | None = None) -> Q:
    """One worklist's condition (a page builds only its own: the others' subqueries cost as much to build)."""
    if worklist == "receive":
        return Q(state=State.SUBMITTED, current_agency_id__in=_agencies(actor, Role.ONE_STOP_OFFICER))
    if worklist == "supplement":
        return (
            Q(agency_id__in=_agencies(actor, Role.ONE_STOP_OFFICER)) | Q(current_agency_id__in=_agencies(actor))
        ) & Q(state__in=[State.SUPPLEMENT, State.INCOMPLETE])
    if worklist == "watch":
        watched = DossierHandler.objects.filter(
            dossier_id=OuterRef("pk"), user_id__in=actor.covers, kind=HandlerKind.OBSERVER, ended_at__isnull=True
        )
        return Q(Exists(watched)) & ~Q(state__in=FINAL_STATES)
    if worklist == "done":
        return Q(state__in=FINAL_STATES)
    handled = handled if handled is not None else _handled(actor)
    if worklist == "process":
        return handled & Q(state__in=[*WORKING, State.RESULT_READY])
    if worklist == "overdue":
        return handled & Q(state__in=WORKING, due_at__lt=now)
    if worklist == "sign":
        return handled & Q(state__in=WORKING)  # the candidates
    if worklist == "due":
        return handled & Q(state__in=WORKING, due_at__gte=now, due_at__lte=due_bound(now))
    raise KeyError(worklist)


#: Worklists whose condition already keeps to dossiers now at (or received by) the actor's agencies, which
#: ``visible_to`` shows an official anyway: their reads skip its union over every dossier of those agencies.
SCOPED = frozenset({"receive", "process", "supplement", "due", "overdue", "sign"})


def _visible(actor: Actor, worklist: str) -> QuerySet[Dossier]:
    if worklist in SCOPED and actor.kind == "official" and actor.can_read:
        return Dossier.objects.all()
    return Dossier.objects.visible_to(actor)


def worklist_queryset(*, actor: Actor, worklist: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one worklist of ``actor`` (see the module's docstring)."""
    visible = _visible(actor, worklist)
    if worklist not in WORKLISTS:
        return visible.none()
    now = now or timezone.now()
    condition = _condition(actor, now, worklist)
    if worklist == "sign":
        return visible.filter(pk__in=_signable(actor, visible.filter(condition)))
    return visible.filter(condition)


def sign_action(dossier: Dossier) -> Action | None:
    """The sign action (ký) leaving the dossier's current step, if its process has one."""
    process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
    found = engine.actions_from(process, dossier.step, ActionKind.SIGN)
    return found[0] if found else None


def _signable(actor: Actor, dossiers: QuerySet[Dossier]) -> list[int]:
    return _signable_rows(
        actor, dossiers.values_list("pk", "procedure_version_id", "case_code", "step", "current_agency_id")
    )


def _signable_rows(actor: Actor, rows: Iterable[tuple[int, int, str, str, int]]) -> list[int]:
    """The ids of the rows (id, procedure version, case, step, current agency) whose step the actor may sign."""
    found = []
    for pk, version, case, step, agency in rows:
        actions = engine.actions_from(engine.process_of(engine.definition_of(version), case), step, ActionKind.SIGN)
        if actions and can_act_at(actor, agency, actions[0].actors):
            found.append(pk)
    return found


def _search(dossiers: QuerySet[Dossier], q: str) -> QuerySet[Dossier]:
    q = q.strip()
    if not q:
        return dossiers
    return dossiers.filter(
        Q(code__icontains=q)
        | Q(owner_name__icontains=q)
        | Q(submitter_name__icontains=q)
        | Q(submitter_id_number=q)
        | Q(owner_id_number=q)
    )


def worklist_for(
    *,
    actor: Actor,
    worklist: str,
    q: str = "",
    procedure: str = "",
    limit: int = 50,
    offset: int = 0,
    now: dt.datetime | None = None,
) -> WorklistPage:
    """A page of a worklist, searched by code, name or ID number and filtered by procedure; due first."""
    capped = False
    done = _done_page(actor, limit, offset) if worklist == "done" and not q.strip() and not procedure else None
    if done is not None:
        ids, count, capped = done
    elif (plain := _plain_page(actor, worklist, now or timezone.now(), limit, offset, q, procedure)) is not None:
        ids, count = plain
    else:
        dossiers = _search(worklist_queryset(actor=actor, worklist=worklist, now=now), q)
        if procedure:
            dossiers = dossiers.filter(procedure_code=procedure)
        order = ["-id"] if worklist == "done" else ["due_at", "submitted_at", "id"]
        # the page's ids and the list's length in one pass (from the indexes), then only those rows: a long list
        # is never read whole, nor twice
        counted = dossiers.order_by(*order).annotate(total=Window(Count("pk")))
        found = list(counted.values_list("pk", "total")[offset : offset + limit])
        ids = [pk for pk, _total in found]
        count = found[0][1] if found else (dossiers.count() if offset else 0)
    return WorklistPage(count=count, items=worklist_rows(ids), capped=capped)


class _Statement:
    """The parameters of SQL written here, appended in the order the SQL reads them. ``among`` is a membership
    test: one array parameter on PostgreSQL (one prepared statement whatever the list's length), a list of
    parameters elsewhere; an empty list matches nothing."""

    def __init__(self, connection: Any) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.params: list[Any] = []

    def among(self, column: str, values: Iterable[Any]) -> str:
        found = sorted(getattr(v, "value", v) for v in values)  # choices as their text
        if not found:
            return "1 = 0"
        if self.postgres:
            self.params.append(found)
            return f"{column} = ANY(%s)"
        self.params.extend(found)
        return f"{column} IN ({', '.join(['%s'] * len(found))})"


def worklist_rows(ids: list[int]) -> list[WorklistRow]:
    """The rows of dossiers ``ids``, in that order (one plain query: the ORM's instances cost 4 ms a page)."""
    if not ids:
        return []
    table, users = Dossier._meta.db_table, User._meta.db_table
    connection = connections[router.db_for_read(Dossier)]
    statement = _Statement(connection)
    sql = (
        "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.owner_name, d.state, d.due_at, d.submitted_at,"  # noqa: S608 — our tables; values are parameters
        f" d.assignee_id, u.full_name, u.username FROM {table} d LEFT JOIN {users} u ON u.id = d.assignee_id"
        f" WHERE {statement.among('d.id', ids)}"
    )
    with prepared_cursor(connection.alias) as cursor:  # one statement for every page (an array of ids), planned once
        cursor.execute(sql, statement.params)
        found = {row[0]: row for row in cursor.fetchall()}
    column = Dossier._meta.get_field("due_at").get_col(table)
    converters = connection.ops.get_db_converters(column)  # SQLite's text to an aware datetime; none on PostgreSQL

    def instant(value: Any) -> dt.datetime | None:
        for converter in converters:
            value = converter(value, column, connection)
        return cast(dt.datetime | None, value)

    rows = []
    for pk in ids:
        _id, code, procedure_code, procedure_name, owner, state, due, submitted, assignee, full, username = found[pk]
        due, submitted = instant(due), instant(submitted)
        name = (full or username or "") if assignee else ""
        rows.append(WorklistRow(pk, code, procedure_code, procedure_name, owner, state, due, submitted, assignee, name))
    return rows


#: The lists :func:`_plain_page` reads with its own SQL.
PLAIN = frozenset({"receive", "process", "supplement", "due", "overdue", "sign", "watch"})


def _plain_page(
    actor: Actor, worklist: str, now: dt.datetime, limit: int, offset: int, q: str, procedure: str
) -> tuple[list[int], int] | None:
    """The page's ids and the list's length for an official's unfiltered list (all but "done"), in SQL written here:
    the same conditions as :func:`_condition` and ``visible_to`` (the brute-force property test checks both), without the ORM's
    work of building them (a third of the page's time). Anything else (a search, a filter, an integrator, the
    other lists) returns None and takes the ORM's path."""
    if worklist not in PLAIN or q.strip() or procedure or actor.kind != "official" or not actor.can_read:
        return None
    connection = connections[router.db_for_read(Dossier)]
    statement = _Statement(connection)
    among, params = statement.among, statement.params
    instant = connection.ops.adapt_datetimefield_value  # SQLite stores naive UTC text

    if worklist == "receive":
        where = f"{among('d.state', [State.SUBMITTED])} AND {among('d.current_agency_id', _agencies(actor, Role.ONE_STOP_OFFICER))}"
    elif worklist == "supplement":
        where = (
            f"({among('d.agency_id', _agencies(actor, Role.ONE_STOP_OFFICER))}"
            f" OR {among('d.current_agency_id', _agencies(actor))}) AND {among('d.state', [State.SUPPLEMENT, State.INCOMPLETE])}"
        )
    elif worklist == "watch":  # observed by the actor (or whom they stand in for) and visible to them
        where = (
            f"d.id IN (SELECT h.dossier_id FROM {DossierHandler._meta.db_table} h WHERE {among('h.user_id', actor.covers)}"  # noqa: S608 — our table; values are parameters
            f" AND h.kind = '{HandlerKind.OBSERVER.value}' AND h.ended_at IS NULL) AND NOT ({among('d.state', FINAL_STATES)})"
        )
        if not actor.city_operator:  # Dossier.objects.visible_to's rule for officials
            where += (
                f" AND ({among('d.agency_id', actor.agencies)} OR {among('d.current_agency_id', actor.agencies)}"  # noqa: S608 — our table; values are parameters
                f" OR EXISTS (SELECT 1 FROM {DossierVisit._meta.db_table} v WHERE v.dossier_id = d.id"
                f" AND {among('v.agency_id', actor.agencies)}))"
            )
    else:
        where = _plain_handled(actor, among)
        if worklist == "process":
            where += f" AND {among('d.state', [*WORKING, State.RESULT_READY])}"
        elif worklist == "overdue":
            where += f" AND {among('d.state', WORKING)} AND d.due_at < %s"
            params.append(instant(now))
        elif worklist == "sign":
            where += f" AND {among('d.state', WORKING)}"
        else:  # due
            where += f" AND {among('d.state', WORKING)} AND d.due_at >= %s AND d.due_at <= %s"
            params.extend([instant(now), instant(due_bound(now))])
    table = Dossier._meta.db_table
    order = " ORDER BY d.due_at, d.submitted_at, d.id"
    if worklist == "sign":  # the candidates, in order; whose step has a sign action for the actor is looked up here
        sql = f"SELECT d.id, d.procedure_version_id, d.case_code, d.step, d.current_agency_id FROM {table} d WHERE {where}"  # noqa: S608 — our table; values are parameters
        with prepared_cursor(connection.alias) as cursor:
            cursor.execute(sql + order, params)
            signable = _signable_rows(actor, cursor.fetchall())
        return signable[offset : offset + limit], len(signable)
    sql = (
        f"SELECT d.id, COUNT(*) OVER () FROM {table} d WHERE {where}"  # noqa: S608 — our table; values are parameters
        f"{order} LIMIT %s OFFSET %s"
    )
    # prepared: a handful of statements per connection (one per list; every list of values is one array), and
    # PostgreSQL planned each page's query as long as it ran it
    with prepared_cursor(connection.alias) as cursor:
        cursor.execute(sql, [*params, limit, offset])
        found = cursor.fetchall()
        if found or not offset:
            return [row[0] for row in found], (found[0][1] if found else 0)
        cursor.execute(f"SELECT COUNT(*) FROM {table} d WHERE {where}", params)  # noqa: S608 — as above
        return [], cursor.fetchone()[0]


def _plain_handled(actor: Actor, among: Callable[[str, Iterable[Any]], str]) -> str:
    """:func:`_handled` in SQL; ``among`` appends each list's parameters in reading order."""
    here = among("d.current_agency_id", _agencies(actor))
    mine = among("d.assignee_id", actor.covers)
    leads = among("d.current_agency_id", _agencies(actor, Role.LEADER))
    co_users = among("h.user_id", actor.covers)
    co = (
        f"EXISTS (SELECT 1 FROM {DossierHandler._meta.db_table} h WHERE h.dossier_id = d.id AND {co_users}"  # noqa: S608 — our table; values are parameters
        f" AND h.kind = '{HandlerKind.CO_HANDLER.value}' AND h.ended_at IS NULL)"
    )
    return f"{here} AND (d.assignee_id IS NULL OR {mine} OR {leads} OR {co})"


def _done_page(actor: Actor, limit: int, offset: int) -> tuple[list[int], int, bool] | None:
    """A page of the newest finished dossiers an official sees, newest (highest id) first, the list's length and
    whether it was cut. Read in one statement from three indexes per agency (received there, finished there, once
    there), each read in order no further than the count's cap and merged: the newest ``n`` of a union are among
    the newest ``n`` of each part. A part cut at the cap means the list is longer than what was read (its length
    then shows as "more than" the cap); only the page's ids come back. None for callers whose visibility is
    not by agency (they take the general path)."""
    if actor.kind != "official" or actor.city_operator or not actor.can_read or not actor.agencies:
        return None
    cap = max(offset + limit, DONE_CAP + 1)
    connection = connections[router.db_for_read(Dossier)]
    # the finished states written out (our constants), not parameters: a prepared statement's generic plan can
    # use the partial "done" indexes only if it sees the indexes' own condition
    states = ", ".join(f"'{state}'" for state in sorted(str(state) for state in FINAL_STATES))
    table, visits = Dossier._meta.db_table, DossierVisit._meta.db_table
    parts: list[str] = []
    params: list[Any] = []
    for n, agency in enumerate(sorted(actor.agencies)):
        parts += [
            f"a{n} AS (SELECT id FROM {table} WHERE agency_id = %s AND state IN ({states}) ORDER BY id DESC LIMIT %s)",  # noqa: S608 — our tables; values are parameters
            f"c{n} AS (SELECT id FROM {table} WHERE current_agency_id = %s AND state IN ({states}) ORDER BY id DESC LIMIT %s)",  # noqa: S608
            (
                f"v{n} AS (SELECT v.dossier_id AS id FROM {visits} v JOIN {table} d ON d.id = v.dossier_id"  # noqa: S608
                f" WHERE v.agency_id = %s AND d.state IN ({states}) ORDER BY v.dossier_id DESC LIMIT %s)"
            ),
        ]
        params += [agency, cap] * 3
    names = [part.split(" ", 1)[0] for part in parts]
    union = " UNION ".join(f"SELECT id FROM {name}" for name in names)  # noqa: S608 — the parts' names
    cut = " OR ".join(f"(SELECT COUNT(*) FROM {name}) >= %s" for name in names)  # noqa: S608 — the parts' names
    sql = (
        f"WITH {', '.join(parts)}, merged AS ({union})"  # noqa: S608 — built above from our tables
        f" SELECT id, COUNT(*) OVER (), CASE WHEN {cut} THEN 1 ELSE 0 END FROM merged ORDER BY id DESC LIMIT %s OFFSET %s"
    )
    params += [cap] * len(names)
    with prepared_cursor(connection.alias) as cursor:  # one statement per number of agencies, planned once
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if not rows and offset:  # past the end: the length all the same
            cursor.execute(sql, [*params, 1, 0])
            rows, first = [], cursor.fetchall()
            total, capped = (first[0][1], bool(first[0][2])) if first else (0, False)
        else:
            total, capped = (rows[0][1], bool(rows[0][2])) if rows else (0, False)
    # the page ends at offset + limit <= cap: within what every part read, so exact even when a part was cut
    ids = [row[0] for row in rows]
    count = max(DONE_CAP, offset + limit) + 1 if capped else total
    return ids, count, capped


def worklist_counts(*, actor: Actor, now: dt.datetime | None = None) -> dict[str, int]:
    """How many dossiers each worklist holds, in four queries: one pass over the open dossiers at the actor's
    agencies counting the lists kept to them (:data:`SCOPED`), ``watch``, the ``sign`` candidates (whose sign
    step is looked up in Python), and ``done`` counted up to :data:`DONE_CAP` (a list that only grows: an exact
    figure would read every finished dossier of the agencies each time)."""
    now = now or timezone.now()
    visible = Dossier.objects.visible_to(actor)
    conditions = _conditions(actor, now)
    done = visible.filter(conditions.pop("done")).order_by().values("pk")[: DONE_CAP + 1].count()
    watch = visible.filter(conditions.pop("watch")).order_by().count()
    sign = len(_signable(actor, _visible(actor, "sign").filter(conditions.pop("sign"))))
    # the other lists keep to open dossiers now at, or received by, the actor's agencies: read those from the
    # (agency, state) indexes, not every dossier the actor sees
    agencies, open_states = sorted(actor.agencies), [s for s in State.values if s not in FINAL_STATES]
    here = Q(current_agency_id__in=agencies, state__in=open_states) | Q(agency_id__in=agencies, state__in=open_states)
    counts = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    found = _visible(actor, "receive").filter(here).order_by().aggregate(**counts)
    found |= {"done": done, "watch": watch, "sign": sign}
    return {name: found[name] for name in WORKLISTS}


@dataclass(frozen=True)
class Move:
    """A forward action of the process open to the official (transfer, approve, sign)."""

    id: str
    kind: str
    target: str
    target_name: str


@dataclass(frozen=True)
class Allowed:
    """What an official may do to a dossier now (the services check again when it is done)."""

    receive: bool = False
    refuse: bool = False
    ask_to_complete: bool = False
    resubmit: bool = False
    assign: bool = False
    moves: list[Move] = field(default_factory=list)
    send_back: bool = False
    request_supplement: bool = False
    answer_supplement: bool = False
    return_result: bool = False
    hand_result: bool = False
    confirm_result: bool = False
    forward: bool = False
    assignees: list[tuple[int, str]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.receive
            or self.refuse
            or self.ask_to_complete
            or self.resubmit
            or self.assign
            or self.moves
            or self.send_back
            or self.request_supplement
            or self.answer_supplement
            or self.return_result
            or self.hand_result
            or self.confirm_result
            or self.forward
        )


def assignees_for(*, dossier: Dossier, role: str | None) -> list[tuple[int, str]]:
    """Officials of the dossier's current agency who hold the current step's role: (id, name)."""
    rows = Membership.objects.current().filter(agency_id=dossier.current_agency_id, user__is_active=True)
    if role:
        rows = rows.filter(role=role)
    found = rows.values_list("user_id", "user__full_name", "user__username").order_by("user__full_name", "user_id")
    return list({uid: full or username for uid, full, username in found}.items())


def dossier_allowed_for(*, actor: Actor, dossier: Dossier) -> Allowed:
    """The actions open to ``actor`` on ``dossier`` in its current state and step."""
    if actor.kind != "official" or dossier.state in FINAL_STATES:
        return Allowed()
    process = engine.process_of(engine.definition_of(dossier.procedure_version_id), dossier.case_code)
    here = dossier.current_agency_id

    def actions(*kinds: str) -> list[Action]:
        return engine.actions_from(process, dossier.step, *kinds)

    if dossier.state == State.SUBMITTED:
        accept = actions(ActionKind.ACCEPT)
        receive = bool(accept) and can_receive(actor, here, accept[0].actors)
        desk = can_receive(actor, here, [])
        return Allowed(receive=receive, refuse=desk, ask_to_complete=desk, forward=desk)
    if dossier.state == State.INCOMPLETE:
        speaks = can_speak_for_citizen(actor, dossier.submitter_user_id, dossier.agency_id)
        return Allowed(refuse=can_receive(actor, here, []), resubmit=speaks)
    if dossier.state == State.SUPPLEMENT:
        return Allowed(answer_supplement=can_speak_for_citizen(actor, dossier.submitter_user_id, dossier.agency_id))
    if dossier.state == State.RESULT_READY:
        returns = actions(ActionKind.RETURN_RESULT)
        desk = bool(returns) and can_act_at(actor, here, returns[0].actors)
        stage = ResultReturn.objects.filter(dossier_id=dossier.pk).values_list("stage", flat=True).first()
        return Allowed(
            hand_result=stage is None and can_act_at(actor, issuing_agency(dossier), []),
            confirm_result=desk and stage in (None, ReturnStage.HANDED),
            return_result=desk and stage == ReturnStage.CONFIRMED,
        )
    if dossier.state not in WORKING:
        return Allowed()
    step_role = next((s.role for s in process.steps if s.id == dossier.step), None)
    own = may_handle(actor, dossier)
    forward = actions(ActionKind.TRANSFER, ActionKind.APPROVE, ActionKind.SIGN)
    names = {s.id: s.name for s in process.steps}
    moves = [
        Move(a.id, str(a.kind), a.target, names.get(a.target, a.target))
        for a in forward
        if own and can_act_at(actor, here, a.actors)
    ]
    backs = actions(ActionKind.SEND_BACK)
    supplements = actions(ActionKind.REQUEST_SUPPLEMENT)
    supplement_roles = [*(supplements[0].actors if supplements else [Role.SPECIALIST]), Role.LEADER]
    assign = can_assign(actor, here)
    return Allowed(
        assign=assign,
        moves=moves,
        send_back=own and bool(backs) and can_act_at(actor, here, backs[0].actors),
        request_supplement=dossier.supplements < settings.DOSSIERS_MAX_SUPPLEMENTS
        and (can_act_at(actor, here, supplement_roles) or actor.has_role(dossier.agency_id, Role.ONE_STOP_OFFICER)),
        assignees=assignees_for(dossier=dossier, role=step_role) if assign else [],
    )


def colleagues_for(*, actor: Actor) -> list[tuple[int, str]]:
    """Officials a leader may assign work to: the current members of the agencies the leader leads."""
    leads = _agencies(actor, Role.LEADER)
    if not leads:
        return []
    # ``Membership.objects.current()`` and the user's activity in plain SQL: the worklist page asks for this on
    # every "process", "due" and "overdue" page, and the ORM's query building cost more than the query
    connection = connections[router.db_for_read(Membership)]
    statement = _Statement(connection)
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    members, users = Membership._meta.db_table, User._meta.db_table
    sql = (
        f"SELECT m.user_id, u.full_name, u.username FROM {members} m JOIN {users} u ON u.id = m.user_id"  # noqa: S608 — our tables; values are parameters
        f" WHERE {statement.among('m.agency_id', leads)} AND u.is_active"
        " AND (m.valid_from IS NULL OR m.valid_from <= %s) AND (m.valid_to IS NULL OR m.valid_to >= %s)"
    )
    statement.params += [day, day]
    sql += f" AND NOT ({statement.among('m.role', [Role.CITY_OPERATOR, Role.AGENCY_ADMIN])})"
    sql += " ORDER BY u.full_name, m.user_id"
    with prepared_cursor(connection.alias) as cursor:
        cursor.execute(sql, statement.params)
        found = cursor.fetchall()
    return list({uid: full or username for uid, full, username in found}.items())
