"""The dossier's tables: the dossier, its components, pauses, letters, visits, code sequences, audit trail."""

from motcua.dossiers.models.access import AccessKind, DossierAccess
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
from motcua.dossiers.models.results import ResultEntry, ResultReturn, ResultSequence, ResultStatus, ReturnStage
from motcua.dossiers.models.work import DossierHandler, HandlerKind, Reminder, ReminderKind

__all__ = [
    "AccessKind",
    "AuditEntry",
    "DailySequence",
    "Document",
    "DocumentKind",
    "Dossier",
    "DossierAccess",
    "DossierComponent",
    "DossierHandler",
    "DossierVisit",
    "HandlerKind",
    "Letter",
    "Pause",
    "Reminder",
    "ReminderKind",
    "ResultEntry",
    "ResultReturn",
    "ResultSequence",
    "ResultStatus",
    "ReturnStage",
    "Slip",
]
