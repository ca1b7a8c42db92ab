"""A progress line with rate and ETA for long imports and generations."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Progress:
    """``progress.update(rows, fraction)`` prints at most every ``every`` seconds (and ``done()`` once)."""

    def __init__(self, label: str, *, stream: TextIO | None = None, every: float = 1.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.started = time.monotonic()
        self._last = 0.0

    def line(self, rows: int, fraction: float) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = rows / elapsed
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        return f"{self.label}: {rows:,} rows | {fraction:6.1%} | {rate:,.0f} rows/s | elapsed {_clock(elapsed)} | ETA {_clock(eta)}"

    def update(self, rows: int, fraction: float) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self.stream.write("\r" + self.line(rows, fraction))
            self.stream.flush()

    def done(self, rows: int) -> None:
        self.stream.write("\r" + self.line(rows, 1.0) + "\n")
        self.stream.flush()
