"""Reads for the citizen's dossier pages that the dossier engine does not offer: what a dossier has to
download (slips, e-results), always scoped to the citizen's own dossiers."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import Verb
from motcua.dossiers.models import AuditEntry, Document, DocumentKind, Dossier

#: Slips a citizen receives, with the moves that issue them (the control slip 06 stays internal).
CITIZEN_SLIPS: dict[str, frozenset[str]] = {
    "receipt": frozenset({Verb.RECEIVE}),
    "supplement": frozenset({Verb.REQUEST_SUPPLEMENT, Verb.ASK_TO_COMPLETE}),
    "refusal": frozenset({Verb.REFUSE}),
    "apology": frozenset({Verb.APOLOGISE}),
    "stop": frozenset({Verb.STOP, Verb.SUPPLEMENT_LAPSED}),
}


def slips_available(verbs: Iterable[str]) -> list[str]:
    """The slip kinds the dossier's moves have issued so far, in the order of CITIZEN_SLIPS."""
    done = set(verbs)
    return [kind for kind, issued_by in CITIZEN_SLIPS.items() if done & issued_by]


def results_of(*, actor: Actor, dossier: Dossier) -> list[Document]:
    """The electronic results issued for one of the citizen's dossiers (in their wallet)."""
    if actor.kind != "citizen" or actor.user_id is None or dossier.submitter_user_id != actor.user_id:
        return []
    return list(Document.objects.filter(owner_id=actor.user_id, source_dossier_id=dossier.pk, kind=DocumentKind.RESULT))


def requested_items(dossier: Dossier) -> tuple[list[str], str]:
    """What the dossier's last supplement request asked for, and its reason (call with a dossier the
    caller may see)."""
    entry = AuditEntry.objects.filter(dossier_id=dossier.pk, verb=Verb.REQUEST_SUPPLEMENT).order_by("-seq").first()
    if entry is None:
        return [], ""
    data = entry.data if isinstance(entry.data, dict) else {}
    return [str(i) for i in data.get("items", [])], entry.reason
