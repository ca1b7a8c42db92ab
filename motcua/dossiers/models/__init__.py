"""The dossier's tables: the dossier, its components, pauses, letters, visits, code sequences, audit trail."""

from motcua.dossiers.models.audit import AuditEntry
from motcua.dossiers.models.document import Document, DocumentKind
from motcua.dossiers.models.dossier import (
    DailySequence,
    Dossier,
    DossierComponent,
    DossierVisit,
    Letter,
    Pause,
    Slip,
)

__all__ = [
    "AuditEntry",
    "DailySequence",
    "Document",
    "DocumentKind",
    "Dossier",
    "DossierComponent",
    "DossierVisit",
    "Letter",
    "Pause",
    "Slip",
]
