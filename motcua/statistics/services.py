"""Keeping the rollups (số liệu tổng hợp) in step with the dossiers: the audit-trail consumer and the rebuild.

The consumer reads the append-only audit entries after its watermark (mốc), recounts every dossier they
touch and replaces that dossier's previous contribution, then moves the watermark — all in one transaction,
so an interrupted run leaves nothing half-counted. Because a dossier's contribution is replaced, never
added, reading an entry twice cannot count it twice; the consumer re-reads ``LOOKBACK`` ids before the
watermark so that an entry committed late with a smaller id is not lost.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from motcua.catalog.models import Procedure
from motcua.dossiers.models import AuditEntry, Document, DocumentKind, Dossier
from motcua.feedback.models import Complaint, Rating
from motcua.payments.constants import SETTLED, Method, Status
from motcua.payments.models import Payment, PaymentEvent
from motcua.statistics.facts import DossierRow, Fact, Move, fact_of, summary_columns, summary_of
from motcua.statistics.levels import add_counts, levels_apply, levels_expected
from motcua.statistics.models import FLOWS, MEASURES, ActiveSpan, Balance, DossierFact, Rollup, RollupMonth, Watermark

CONSUMER = "rollups"
#: Audit ids re-read before the watermark (entries of transactions that committed late).
LOOKBACK = 1000
#: What changes a dossier's figures without an audit entry (an e-result is stored as a document): (name, model, column naming the dossier).
SIDE_SOURCES: tuple[tuple[str, Any, str], ...] = (
    ("ratings", Rating, "dossier_id"),
    ("complaints", Complaint, "dossier_id"),
    ("payments", PaymentEvent, "payment__dossier_id"),
    ("results", Document, "source_dossier_id"),
)
#: Their rows re-read before the watermark (every dossier they name is recounted, so fewer).
SIDE_LOOKBACK = 100

Key = tuple[int, str, str, str, str | None]


@dataclass(frozen=True)
class UpdateResult:
    entries: int
    dossiers: int
    watermark: int


@dataclass(frozen=True)
class Difference:
    key: Key
    measure: str
    stored: int
    expected: int


def _fields() -> dict[str, str]:
    return dict(Procedure.objects.values_list("code", "field_code"))


def _rows(ids: Iterable[int] | None) -> Iterator[DossierRow]:
    qs = Dossier.objects.all() if ids is None else Dossier.objects.filter(pk__in=list(ids))
    qs = qs.annotate(
        n_digitised=Count("components", filter=Q(components__digitised=True)),
        n_reused=Count("components", filter=Q(components__reused=True) | Q(components__from_store=True)),
        e_result=Exists(Document.objects.filter(source_dossier=OuterRef("pk"), kind=DocumentKind.RESULT)),
        fee_bearing=Exists(
            Payment.objects.filter(dossier=OuterRef("pk"), amount_vnd__gt=0).exclude(status=Status.CANCELLED)
        ),
        paid_online=Exists(
            Payment.objects.filter(
                dossier=OuterRef("pk"), amount_vnd__gt=0, status__in=SETTLED, method__in=(Method.ONLINE, Method.QR)
            )
        ),
        rating_level=Subquery(Rating.objects.filter(dossier=OuterRef("pk")).values("level")[:1]),
        complained=Exists(Complaint.objects.filter(dossier=OuterRef("pk"))),
    )
    columns = (
        "id",
        "agency_id",
        "procedure_code",
        "channel",
        "state",
        "received_at",
        "finished_at",
        "due_at",
        "audit_seq",
    )
    flags = ("n_digitised", "n_reused", "e_result", "fee_bearing", "paid_online", "rating_level", "complained")
    for v in qs.order_by("id").values_list(*columns, *flags).iterator(chunk_size=2000):
        yield DossierRow(
            v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
            digitised=v[9] > 0, reused=v[10] > 0, e_result=bool(v[11]), fee_bearing=bool(v[12]),
            paid_online=bool(v[13]), rating=v[14] or 0, complained=bool(v[15]),
        )  # fmt: skip


def facts_for(ids: Iterable[int] | None) -> Iterator[Fact]:
    """The facts of these dossiers (all dossiers when ``ids`` is None), recounted from their audit trails."""
    fields = _fields()
    batch: list[DossierRow] = []

    def flush() -> Iterator[Fact]:
        moves: dict[int, list[Move]] = defaultdict(list)
        entries = AuditEntry.objects.filter(dossier_id__in=[r.id for r in batch]).order_by("dossier_id", "seq")
        for dossier_id, at, verb, to_state in entries.values_list("dossier_id", "at", "verb", "to_state"):
            moves[dossier_id].append(Move(at, verb, to_state))
        for row in batch:
            yield fact_of(row, moves[row.id], fields.get(row.procedure_code, ""))

    for row in _rows(ids):
        batch.append(row)
        if len(batch) >= 500:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _key(agency_id: int, procedure_code: str, field_code: str, day: str, due_day: str | None) -> Key:
    return (agency_id, procedure_code, field_code, day, due_day)


def _deltas(fact: Fact | DossierFact, sign: int, into: dict[Key, dict[str, int]]) -> None:
    due = fact.due_day.isoformat() if fact.due_day is not None else None
    days = fact.days if isinstance(fact, Fact) else fact.contributions
    for day, measures in days.items():
        bucket = into[_key(fact.agency_id, fact.procedure_code, fact.field_code, day, due)]
        for measure, n in measures.items():
            bucket[measure] = bucket.get(measure, 0) + sign * n


def _apply(deltas: dict[Key, dict[str, int]]) -> None:
    by_row = {
        (a, p, f, dt.date.fromisoformat(day), dt.date.fromisoformat(due) if due else None): measures
        for (a, p, f, day, due), measures in deltas.items()
    }
    add_counts(Rollup, ("agency_id", "procedure_code", "field_code", "day", "due_day"), by_row)


def _store(facts: list[Fact], mark: Watermark) -> None:
    old = DossierFact.objects.in_bulk([f.dossier_id for f in facts])
    deltas: dict[Key, dict[str, int]] = defaultdict(dict)
    for fact in facts:
        if fact.dossier_id in old:
            _deltas(old[fact.dossier_id], -1, deltas)
        _deltas(fact, 1, deltas)
    levels_apply(deltas, mark)
    _apply(deltas)
    ids = [f.dossier_id for f in facts]
    DossierFact.objects.filter(pk__in=ids).delete()
    ActiveSpan.objects.filter(dossier_id__in=ids).delete()
    rows, spans = _records(facts)
    DossierFact.objects.bulk_create(rows)
    ActiveSpan.objects.bulk_create(spans)


def _records(facts: Iterable[Fact]) -> tuple[list[DossierFact], list[ActiveSpan]]:
    """The stored facts (with their summary columns) and the stretches in progress of these dossiers."""
    rows, spans = [], []
    for f in facts:
        summary = summary_of(f.days)
        rows.append(
            DossierFact(
                dossier_id=f.dossier_id,
                audit_seq=f.audit_seq,
                agency_id=f.agency_id,
                procedure_code=f.procedure_code,
                field_code=f.field_code,
                due_day=f.due_day,
                contributions=f.days,
                **summary_columns(summary),
            )
        )
        spans += [ActiveSpan(dossier_id=f.dossier_id, start_day=a, end_day=b) for a, b in summary.spans]
    return rows, spans


def _side_sources(batch: int) -> tuple[set[int], list[tuple[Watermark, int, int]]]:
    """The dossiers touched by new ratings, complaints and payment events (no audit entry for these), and each
    source's watermark with its new position and the number of new rows."""
    touched: set[int] = set()
    moved: list[tuple[Watermark, int, int]] = []
    for name, model, column in SIDE_SOURCES:
        # the main watermark's lock, taken first, already keeps a second consumer out
        mark, _created = Watermark.objects.get_or_create(name=f"{CONSUMER}:{name}")
        start = max(0, mark.last_entry_id - SIDE_LOOKBACK)
        rows = list(
            model.objects.filter(pk__gt=start, **{f"{column}__isnull": False})
            .order_by("pk")
            .values_list("pk", column)[: batch + mark.last_entry_id - start]
        )
        fresh = [pk for pk, _dossier in rows if pk > mark.last_entry_id]
        if fresh:
            touched |= {dossier for _pk, dossier in rows}
            moved.append((mark, fresh[-1], len(fresh)))
    return touched, moved


def rollups_update(*, batch: int = 5000) -> UpdateResult:
    """Process one batch of new audit entries (and ratings, complaints, payment events) in one transaction;
    call until ``entries`` is 0."""
    with transaction.atomic():
        mark, _created = Watermark.objects.select_for_update().get_or_create(name=CONSUMER)
        start = max(0, mark.last_entry_id - LOOKBACK)
        entries = list(
            AuditEntry.objects.filter(pk__gt=start)
            .order_by("pk")
            .values_list("pk", "dossier_id", "seq")[: batch + mark.last_entry_id - start]
        )
        fresh = [e for e in entries if e[0] > mark.last_entry_id]
        touched = {dossier_id for _pk, dossier_id, _seq in entries} if fresh else set()
        done = dict(DossierFact.objects.filter(pk__in=touched).values_list("pk", "audit_seq"))
        heads = dict(Dossier.objects.filter(pk__in=touched).values_list("pk", "audit_seq"))
        side, moved = _side_sources(batch)
        recount = {d for d in touched if done.get(d) != heads.get(d)} | side
        processed = len(fresh) + sum(n for _mark, _last, n in moved)
        if not processed:
            return UpdateResult(0, 0, mark.last_entry_id)
        _store(list(facts_for(recount)), mark)
        if fresh:
            mark.last_entry_id = fresh[-1][0]
            mark.save(update_fields=["last_entry_id", "updated_at"])
        for side_mark, last, _n in moved:
            side_mark.last_entry_id = last
            side_mark.save(update_fields=["last_entry_id", "updated_at"])
        return UpdateResult(processed, len(recount), mark.last_entry_id)


def rollups_update_all(*, batch: int = 5000) -> int:
    """Process every pending audit entry; the number processed."""
    total = 0
    while True:
        result = rollups_update(batch=batch)
        if not result.entries:
            return total
        total += result.entries


def _expected() -> tuple[list[Fact], dict[Key, dict[str, int]]]:
    facts = list(facts_for(None))
    totals: dict[Key, dict[str, int]] = defaultdict(dict)
    for fact in facts:
        _deltas(fact, 1, totals)
    return facts, totals


def _stored() -> tuple[dict[Key, dict[str, int]], dict[Key, dict[str, int]], dict[Key, dict[str, int]]]:
    """The stored daily rollups, monthly rollups and balances, keyed like :func:`levels_expected`'s."""
    daily: dict[Key, dict[str, int]] = defaultdict(dict)
    for row in Rollup.objects.values("agency_id", "procedure_code", "field_code", "day", "due_day", *MEASURES):
        due = row["due_day"].isoformat() if row["due_day"] else None
        bucket = daily[_key(row["agency_id"], row["procedure_code"], row["field_code"], row["day"].isoformat(), due)]
        for m in MEASURES:
            bucket[m] = bucket.get(m, 0) + row[m]
    monthly = {
        _key(r["agency_id"], r["procedure_code"], r["field_code"], r["month"].isoformat(), None): {
            m: r[m] for m in FLOWS
        }
        for r in RollupMonth.objects.values("agency_id", "procedure_code", "field_code", "month", *FLOWS)
    }
    balances = {
        _key(
            r["agency_id"],
            r["procedure_code"],
            r["field_code"],
            r["month"].isoformat(),
            r["due_day"].isoformat() if r["due_day"] else None,
        ): {"open": r["open"], "active": r["active"]}
        for r in Balance.objects.values(
            "agency_id", "procedure_code", "field_code", "month", "due_day", "open", "active"
        )
    }
    return daily, monthly, balances


def _compare(
    stored: dict[Key, dict[str, int]], expected: dict[Key, dict[str, int]], measures: tuple[str, ...], level: str
) -> list[Difference]:
    def label(key: Key) -> Key:
        return key if not level else (key[0], key[1], key[2], f"{key[3]} ({level})", key[4])

    return [
        Difference(label(key), m, stored.get(key, {}).get(m, 0), expected.get(key, {}).get(m, 0))
        for key in sorted(set(stored) | set(expected), key=str)
        for m in measures
        if stored.get(key, {}).get(m, 0) != expected.get(key, {}).get(m, 0)
    ]


def rollups_rebuild(*, write: bool = True) -> list[Difference]:
    """Recount every rollup (daily, monthly, opening balances) from the dossiers; the differences found (and,
    if ``write``, fix them)."""
    with transaction.atomic():
        mark, _created = Watermark.objects.select_for_update().get_or_create(name=CONSUMER)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        facts, expected = _expected()
        monthly, balances, horizon = levels_expected(expected, mark.horizon)
        daily_stored, monthly_stored, balances_stored = _stored()
        differences = [
            *_compare(daily_stored, expected, MEASURES, ""),
            *_compare(monthly_stored, monthly, FLOWS, "month"),
            *_compare(balances_stored, balances, ("open", "active"), "balance"),
        ]
        if write:
            Rollup.objects.all().delete()
            RollupMonth.objects.all().delete()
            Balance.objects.all().delete()
            DossierFact.objects.all().delete()
            ActiveSpan.objects.all().delete()
            _store_all(facts, expected, monthly, balances)
            mark.last_entry_id = last
            mark.horizon = horizon
            mark.save(update_fields=["last_entry_id", "horizon", "updated_at"])
            for name, model, _column in SIDE_SOURCES:
                newest = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                Watermark.objects.update_or_create(name=f"{CONSUMER}:{name}", defaults={"last_entry_id": newest})
        return differences


def _store_all(
    facts: list[Fact],
    totals: dict[Key, dict[str, int]],
    monthly: dict[Key, dict[str, int]],
    balances: dict[Key, dict[str, int]],
) -> None:
    RollupMonth.objects.bulk_create(
        [
            RollupMonth(agency_id=a, procedure_code=p, field_code=f, month=m, **ms)
            for (a, p, f, m, _), ms in monthly.items()
        ],
        batch_size=2000,
    )
    Balance.objects.bulk_create(
        [
            Balance(agency_id=a, procedure_code=p, field_code=f, month=m, due_day=due, **ms)
            for (a, p, f, m, due), ms in balances.items()
        ],
        batch_size=2000,
    )
    Rollup.objects.bulk_create(
        [
            Rollup(
                agency_id=a, procedure_code=p, field_code=f, day=d, due_day=due, **{m: n for m, n in ms.items() if n}
            )
            for (a, p, f, d, due), ms in totals.items()
            if any(ms.values())
        ],
        batch_size=2000,
    )
    rows, spans = _records(facts)
    DossierFact.objects.bulk_create(rows, batch_size=2000)
    ActiveSpan.objects.bulk_create(spans, batch_size=2000)
