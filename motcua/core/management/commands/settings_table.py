from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.settings.env import markdown_table

START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def readme_with_table(text: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise CommandError(f"README.md has no {START} … {END} block")
    return pattern.sub(lambda _: f"{START}\n{markdown_table()}\n{END}", text)


class Command(BaseCommand):
    help = "Print the configuration table from the settings' own help texts; --write puts it in README.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        readme = Path(settings.BASE_DIR) / "README.md"
        if options["write"] or options["check"]:
            text = readme.read_text("utf-8")
            new = readme_with_table(text)
            if options["check"]:
                if new != text:
                    raise CommandError(
                        "README.md's configuration table is stale: run `manage.py settings_table --write`"
                    )
                return
            readme.write_text(new, "utf-8")
            return
        self.stdout.write(markdown_table())
