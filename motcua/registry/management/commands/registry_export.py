"""``manage.py registry_export FILE``: the whole register as CSV (documented header), streamed."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.registry.progress import Progress
from motcua.registry.services.population import population_export


class Command(BaseCommand):
    help = "Export the register to a CSV file (or - for standard output), in personal-ID order."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="output file, or - for standard output")
        parser.add_argument("--structure", choices=["2025", "2017"])

    def handle(self, *args: Any, **options: Any) -> None:
        actor = f"manage.py registry_export ({getpass.getuser()})"
        progress = Progress("export")
        if options["file"] == "-":
            population_export(out=sys.stdout, actor=actor, structure=options["structure"], progress=progress)
            return
        with Path(options["file"]).open("w", encoding="utf-8", newline="") as out:
            n = population_export(out=out, actor=actor, structure=options["structure"], progress=progress)
        self.stdout.write(f"{n} people written to {options['file']}")
