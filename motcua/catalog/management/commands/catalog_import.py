"""``manage.py catalog_import FILE [--dry-run]``: import a catalogue document, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.services.transfer import catalog_import


class Command(BaseCommand):
    help = "Import procedures from a JSON document (format motcua.catalog/1); nothing is imported on any problem."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = json.loads(Path(options["file"]).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            summary = catalog_import(actor_id=None, document=document, dry_run=options["dry_run"])
        except InvalidDefinition as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.path}: {problem.message}")
            raise CommandError(f"{len(exc.problems)} problem(s); nothing imported") from exc
        verb = "would create" if options["dry_run"] else "created"
        self.stdout.write(
            f"{summary.procedures} procedures: {verb} {summary.created} versions, {summary.unchanged} unchanged"
        )
