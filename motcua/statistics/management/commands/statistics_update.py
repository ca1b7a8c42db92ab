"""``manage.py statistics_update``: process the new audit entries into the rollups (số liệu tổng hợp)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.statistics.services import rollups_update


class Command(BaseCommand):
    help = (
        "Bring the statistics rollups up to date with the dossiers' audit trail, one transaction per batch "
        "(safe to interrupt and to run again; --follow keeps polling)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=5000, help="audit entries per transaction")
        parser.add_argument("--follow", type=float, default=0, help="keep running, polling every N seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(1, options["batch"])
        while True:
            total = 0
            while True:
                result = rollups_update(batch=batch)
                total += result.entries
                if result.entries:
                    self.stdout.write(
                        f"{result.entries} entries, {result.dossiers} dossiers, watermark {result.watermark}"
                    )
                if result.entries < batch:  # caught up: wait for the next poll rather than spin on a trickle
                    break
            self.stdout.write(f"{total} audit entries processed")
            if options["follow"] <= 0:
                return
            time.sleep(options["follow"])
