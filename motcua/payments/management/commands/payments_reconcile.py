"""Ask the gateways about open and unreconciled transactions; settle, expire and report mismatches."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.payments.services import payments_reconcile


class Command(BaseCommand):
    help = "Reconcile payments with the gateways (đối soát): settle what was paid, expire what lapsed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="transactions asked about per pass")

    def handle(self, *args: Any, **options: Any) -> None:
        report = payments_reconcile(limit=options["limit"])
        self.stdout.write(
            f"asked {report.asked}, settled {report.settled}, expired {report.expired}, "
            f"unreachable {report.unreachable}, mismatches {len(report.mismatches)}"
        )
        for line in report.mismatches:
            self.stdout.write(f"MISMATCH {line}")
        if report.mismatches:
            raise SystemExit(1)
