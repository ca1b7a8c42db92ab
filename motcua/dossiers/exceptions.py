"""Errors of the dossier engine, each with a stable code (rendered as problem+json by the API)."""

from __future__ import annotations

from motcua.core.errors import DomainError


class Conflict(DomainError):
    """Someone else changed the dossier first (compare-and-set failed): reload and try again."""

    code = "conflict"
    status = 409


class StaleVersion(Conflict):
    code = "stale_version"


class TransitionNotAllowed(DomainError):
    """The action is not allowed in the dossier's current state or step."""

    code = "transition_not_allowed"
    status = 409


class NotAllowed(DomainError):
    """The caller may see the dossier but does not hold a role that may do this."""

    code = "not_allowed"
    status = 403


class InvalidDossier(DomainError):
    """The input is not a valid dossier or action (field named in ``field``)."""

    code = "invalid_dossier"
    status = 422

    def __init__(self, detail: object, *, field: str = "", code: str | None = None) -> None:
        super().__init__(str(detail), code=code)
        self.field = field
