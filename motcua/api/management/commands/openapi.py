from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.api.api import api

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def render() -> str:
    return (
        json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )


class Command(BaseCommand):
    help = "Write the committed OpenAPI document, or with --check fail when the code no longer produces it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["check"]:
            if not DOCUMENT.exists() or DOCUMENT.read_text("utf-8") != text:
                raise CommandError(f"{DOCUMENT} is out of date: run `manage.py openapi` and commit it")
            self.stdout.write("OpenAPI document is up to date")
            return
        DOCUMENT.parent.mkdir(parents=True, exist_ok=True)
        DOCUMENT.write_text(text, "utf-8")
        self.stdout.write(f"wrote {DOCUMENT}")
