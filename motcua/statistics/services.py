"""Keeping the rollups (số liệu tổng hợp) in step with the dossiers: the audit-trail consumer and the rebuild.

The consumer reads the append-only audit entries after its watermark (mốc), recounts every dossier they
touch and replaces that dossier's previous contribution, then moves the watermark — all in one transaction,
so an interrupted run leaves nothing half-counted. Because a dossier's contribution is replaced, never
added, reading an entry twice cannot count it twice; the consumer re-reads ``LOOKBACK`` ids before the
watermark so that an entry committed late with a smaller id is not lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q

from motcua.catalog.models import Procedure
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.statistics.facts import DossierRow, Fact, Move, fact_of
from motcua.statistics.models import MEASURES, DossierFact, Rollup, Watermark

CONSUMER = "rollups"
#: Audit ids re-read before the watermark (entries of transactions that committed late).
LOOKBACK = 1000

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
    for v in qs.order_by("id").values_list(*columns, "n_digitised", "n_reused").iterator(chunk_size=2000):
        yield DossierRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], digitised=v[9] > 0, reused=v[10] > 0)


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
    for (agency_id, procedure, field_code, day, due), measures in deltas.items():
        changes = {m: n for m, n in measures.items() if n}
        if not changes:
            continue
        rows = Rollup.objects.filter(
            agency_id=agency_id, procedure_code=procedure, field_code=field_code, day=day, due_day=due
        )
        if not rows.update(**{m: F(m) + n for m, n in changes.items()}):
            Rollup.objects.create(
                agency_id=agency_id, procedure_code=procedure, field_code=field_code, day=day, due_day=due, **changes
            )


def _store(facts: list[Fact]) -> None:
    old = DossierFact.objects.in_bulk([f.dossier_id for f in facts])
    deltas: dict[Key, dict[str, int]] = defaultdict(dict)
    for fact in facts:
        if fact.dossier_id in old:
            _deltas(old[fact.dossier_id], -1, deltas)
        _deltas(fact, 1, deltas)
    _apply(deltas)
    DossierFact.objects.filter(pk__in=[f.dossier_id for f in facts]).delete()
    DossierFact.objects.bulk_create(
        [
            DossierFact(
                dossier_id=f.dossier_id,
                audit_seq=f.audit_seq,
                agency_id=f.agency_id,
                procedure_code=f.procedure_code,
                field_code=f.field_code,
                due_day=f.due_day,
                contributions=f.days,
            )
            for f in facts
        ]
    )


def rollups_update(*, batch: int = 5000) -> UpdateResult:
    """Process one batch of new audit entries (one transaction); call until ``entries`` is 0."""
    with transaction.atomic():
        mark, _created = Watermark.objects.select_for_update().get_or_create(name=CONSUMER)
        start = max(0, mark.last_entry_id - LOOKBACK)
        entries = list(
            AuditEntry.objects.filter(pk__gt=start)
            .order_by("pk")
            .values_list("pk", "dossier_id", "seq")[: batch + mark.last_entry_id - start]
        )
        fresh = [e for e in entries if e[0] > mark.last_entry_id]
        if not fresh:
            return UpdateResult(0, 0, mark.last_entry_id)
        touched = {dossier_id for _pk, dossier_id, _seq in entries}
        done = dict(DossierFact.objects.filter(pk__in=touched).values_list("pk", "audit_seq"))
        heads = dict(Dossier.objects.filter(pk__in=touched).values_list("pk", "audit_seq"))
        stale = [d for d in touched if done.get(d) != heads.get(d)]
        _store(list(facts_for(stale)))
        mark.last_entry_id = fresh[-1][0]
        mark.save(update_fields=["last_entry_id", "updated_at"])
        return UpdateResult(len(fresh), len(stale), mark.last_entry_id)


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


def rollups_rebuild(*, write: bool = True) -> list[Difference]:
    """Recount every rollup from the dossiers; the differences found (and, if ``write``, fix them)."""
    with transaction.atomic():
        Watermark.objects.select_for_update().get_or_create(name=CONSUMER)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        facts, expected = _expected()
        stored: dict[Key, dict[str, int]] = defaultdict(dict)
        for row in Rollup.objects.values("agency_id", "procedure_code", "field_code", "day", "due_day", *MEASURES):
            due = row["due_day"].isoformat() if row["due_day"] else None
            bucket = stored[
                _key(row["agency_id"], row["procedure_code"], row["field_code"], row["day"].isoformat(), due)
            ]
            for m in MEASURES:
                bucket[m] = bucket.get(m, 0) + row[m]
        differences = [
            Difference(key, m, stored.get(key, {}).get(m, 0), expected.get(key, {}).get(m, 0))
            for key in sorted(set(stored) | set(expected), key=str)
            for m in MEASURES
            if stored.get(key, {}).get(m, 0) != expected.get(key, {}).get(m, 0)
        ]
        if write:
            Rollup.objects.all().delete()
            DossierFact.objects.all().delete()
            _store_all(facts, expected)
            Watermark.objects.filter(name=CONSUMER).update(last_entry_id=last)
        return differences


def _store_all(facts: list[Fact], totals: dict[Key, dict[str, int]]) -> None:
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
    DossierFact.objects.bulk_create(
        [
            DossierFact(
                dossier_id=f.dossier_id,
                audit_seq=f.audit_seq,
                agency_id=f.agency_id,
                procedure_code=f.procedure_code,
                field_code=f.field_code,
                due_day=f.due_day,
                contributions=f.days,
            )
            for f in facts
        ],
        batch_size=2000,
    )
