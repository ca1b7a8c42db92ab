from __future__ import annotations

import logging

from motcua.core.context import request_id


class RequestIdFilter(logging.Filter):
    """Adds the current request id to every log record, so one request's lines can be followed."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True
