"""Errors of feedback, each with a stable code."""

from __future__ import annotations

from motcua.core.errors import DomainError


class InvalidFeedback(DomainError):
    """The rating or complaint is not valid (field named in ``field``)."""

    code = "invalid_feedback"
    status = 422

    def __init__(self, detail: object, *, field: str = "", code: str | None = None) -> None:
        super().__init__(str(detail), code=code)
        self.field = field


class FeedbackNotAllowed(DomainError):
    """Not now, or not by this caller (rating before the result, a second rating)."""

    code = "feedback_not_allowed"
    status = 409
