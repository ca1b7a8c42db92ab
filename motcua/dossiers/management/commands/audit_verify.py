"""``manage.py audit_verify``: check every dossier's audit hash chain; exit 1 listing the broken rows."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.audit import chain_breaks


class Command(BaseCommand):
    help = "Verify the hash chain of every dossier's audit trail (exit 0: all hold; 1: broken rows listed)."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        for item in chain_breaks():
            broken += 1
            self.stdout.write(f"dossier {item.dossier_id} entry #{item.seq} (row {item.entry_id}): {item.problem}")
        if broken:
            self.stderr.write(f"{broken} broken audit row(s)")
            sys.exit(1)
        self.stdout.write("audit chains hold")
