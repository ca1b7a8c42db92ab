"""The hash chain of the audit trail (nhật ký xử lý) and its verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from motcua.dossiers.models import AuditEntry, Dossier


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry, code: str) -> str:
    """SHA-256 of the entry's canonical JSON (with the dossier code and the previous entry's hash)."""
    document: dict[str, Any] = {
        "dossier": code,
        "seq": entry.seq,
        "at": _instant(entry.at),
        "verb": entry.verb,
        "user": entry.actor_user_id,
        "client": entry.actor_client_id,
        "name": entry.actor_name,
        "from": [entry.from_state, entry.from_step, entry.from_agency_id],
        "to": [entry.to_state, entry.to_step, entry.to_agency_id],
        "status": entry.national_status,
        "reason": entry.reason,
        "data": entry.data,
        "prev": entry.prev_hash,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """A place where a chain does not hold."""

    dossier_id: int
    seq: int
    entry_id: int | None
    problem: str


def chain_breaks(*, batch: int = 2000) -> Iterator[Break]:
    """Every break in every dossier's chain: an edited row, a missing or reordered row, a wrong head."""
    heads: dict[int, int] = {}
    hashes: dict[int, str] = {}
    codes: dict[int, str] = {}
    for pk, seq, head, code in Dossier.objects.values_list("id", "audit_seq", "audit_hash", "code").iterator(
        chunk_size=batch
    ):
        heads[pk], hashes[pk], codes[pk] = seq, head, code
    current: int | None = None
    expected_prev = ""
    expected_seq = 1
    seen: set[int] = set()
    for entry in AuditEntry.objects.order_by("dossier_id", "seq").iterator(chunk_size=batch):
        if entry.dossier_id != current:
            if current is not None:
                yield from _head(current, expected_seq - 1, expected_prev, heads, hashes)
            current, expected_prev, expected_seq = entry.dossier_id, "", 1
            seen.add(current)
        if entry.seq != expected_seq:
            yield Break(entry.dossier_id, entry.seq, entry.pk, f"sequence gap: expected {expected_seq}")
        if entry.prev_hash != expected_prev:
            yield Break(entry.dossier_id, entry.seq, entry.pk, "previous hash does not match")
        if entry_hash(entry, codes.get(entry.dossier_id, "")) != entry.hash:
            yield Break(entry.dossier_id, entry.seq, entry.pk, "content does not match its hash (edited)")
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    if current is not None:
        yield from _head(current, expected_seq - 1, expected_prev, heads, hashes)
    for dossier_id, seq in heads.items():
        if dossier_id not in seen and seq:
            yield Break(dossier_id, seq, None, "entries missing")


def _head(dossier_id: int, seq: int, last: str, heads: dict[int, int], hashes: dict[int, str]) -> Iterator[Break]:
    if heads.get(dossier_id) != seq or hashes.get(dossier_id) != last:
        yield Break(dossier_id, seq, None, "the dossier's chain head does not match its last entry (row missing?)")
