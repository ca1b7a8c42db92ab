"""Errors of the working-day calendar. Each names the argument at fault, so the API can name the parameter."""

from __future__ import annotations

from django.utils.functional import Promise

from motcua.core.errors import DomainError


class WorkdaysError(DomainError):
    """A deadline or calendar request the rules cannot answer."""

    code = "workdays_error"
    status = 422

    def __init__(self, detail: str | Promise, *, argument: str, code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.argument = argument


class NaiveDatetimeError(WorkdaysError):
    """A datetime without a time zone: the legal clock never guesses one."""

    code = "naive_datetime"


class InvalidAmountError(WorkdaysError):
    """A time limit (thời hạn) that is not a number, negative, absurdly long or finer than a microsecond."""

    code = "invalid_amount"


class OutOfRangeError(WorkdaysError):
    """A date outside the years the calendar supports (``constants.FIRST_YEAR`` … ``LAST_YEAR``)."""

    code = "out_of_range"


class DeclarationError(WorkdaysError):
    """A declared exception that contradicts another one or the rules."""

    code = "invalid_declaration"
