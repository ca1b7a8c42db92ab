from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.geo.services import units_load


class Command(BaseCommand):
    help = "Load the official administrative units (2025 and pre-2025 structures) and the merge mapping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default="", help="GSO province code (e.g. 01); default: the whole country")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = units_load(province=options["province"] or None)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
