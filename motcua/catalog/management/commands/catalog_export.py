"""``manage.py catalog_export [FILE] [--code CODE …] [--published-only]``: the catalogue as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.catalog.services.transfer import catalog_export


class Command(BaseCommand):
    help = "Export the procedure catalogue (or some procedures) as JSON (format motcua.catalog/1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="output file (default: standard output)")
        parser.add_argument("--code", action="append", dest="codes", help="one procedure code (repeatable)")
        parser.add_argument("--published-only", action="store_true", help="leave drafts out")

    def handle(self, *args: Any, **options: Any) -> None:
        document = catalog_export(codes=options["codes"], include_drafts=not options["published_only"])
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if options["file"]:
            Path(options["file"]).write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
