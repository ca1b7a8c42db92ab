"""Domain errors of the catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.catalog.validation import Problem
from motcua.core.errors import DomainError


class InvalidDefinition(DomainError):
    """The definition (or the import) breaks a rule; ``problems`` says where and why."""

    code = "invalid_procedure"
    status = 422

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0] if problems else Problem("", "")
        super().__init__(
            _("%(count)d problem(s); first at %(path)s: %(message)s")
            % {"count": len(problems), "path": first.path or "/", "message": first.message}
        )
        self.problems = problems


class VersionFrozen(DomainError):
    """A published or retired version never changes: make a new draft instead."""

    code = "version_frozen"
    status = 409
