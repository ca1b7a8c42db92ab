"""``manage.py dossiers_remind [--follow SECONDS]``: the daily reminders of due and overdue work."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import OperationalError

from motcua.dossiers.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Remind handlers of dossiers due within 24 working hours or overdue (once per handler, dossier and day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--follow", type=int, default=0, help="Run again every SECONDS (0: once).")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                created, mailed = reminders_send()
            except OperationalError as error:  # e.g. SQLite busy: a follower tries again next round
                if not options["follow"]:
                    raise
                self.stderr.write(f"reminders not sent this round: {error}")
            else:
                self.stdout.write(f"{created} reminder(s) recorded, {mailed} e-mail(s) sent")
            if not options["follow"]:
                return
            time.sleep(max(options["follow"], 10))
