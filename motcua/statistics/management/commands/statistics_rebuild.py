"""``manage.py statistics_rebuild``: recount the rollups from the dossiers and report every difference."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.statistics.services import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recount every statistics rollup from the dossiers and their audit trails, list the differences with "
        "the stored rollups and replace them (--check: only report; exit 1 when any differ)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="report the differences without fixing them")

    def handle(self, *args: Any, **options: Any) -> None:
        differences = rollups_rebuild(write=not options["check"])
        for d in differences[:1000]:
            agency, procedure, field, day, due = d.key
            self.stdout.write(
                f"agency {agency} procedure {procedure} field {field or '-'} day {day} due {due or '-'}: "
                f"{d.measure} stored {d.stored}, recounted {d.expected}"
            )
        self.stdout.write(f"{len(differences)} difference(s)" + ("" if options["check"] else "; rollups rebuilt"))
        if differences and options["check"]:
            sys.exit(1)
