"""``manage.py registry_import FILE``: load a CSV into the register (resumable, with a bad-row report)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.registry.progress import Progress
from motcua.registry.services.imports import BATCH_SIZE, population_import


class Command(BaseCommand):
    help = (
        "Import people from a CSV file with the documented header. Bad rows go to a report "
        "(FILE.rejected.csv); an interrupted import of the same file resumes where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", type=Path, help="where to write the rejected rows (default FILE.rejected.csv)")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per transaction")
        parser.add_argument("--restart", action="store_true", help="start a new run even if this file was imported")
        parser.add_argument("--structure", choices=["2025", "2017"], help="unit structure of the unit codes")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = population_import(
                path=path,
                actor=f"manage.py registry_import ({getpass.getuser()})",
                batch_size=options["batch_size"],
                structure=options["structure"],
                report_path=options["report"],
                restart=options["restart"],
                progress=Progress("import"),
            )
        except DomainError as exc:
            raise CommandError(str(exc.detail)) from exc
        if result.already_done:
            self.stdout.write(
                f"{path} was already imported (run {result.run_id}); nothing to do. Use --restart to re-check it."
            )
        else:
            verb = "resumed" if result.resumed else "imported"
            self.stdout.write(
                f"{verb}: {result.written} people added, {result.present} already present, "
                f"{result.bad} rows rejected (see {result.report})"
            )
