"""``manage.py registry_generate --count N [--seed S] [--csv FILE]``: a synthetic population."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.registry.progress import Progress
from motcua.registry.services.population import population_generate, population_generate_csv


class Command(BaseCommand):
    help = "Generate a synthetic population (deterministic by seed) into the register or to a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=50_000, help="number of people (up to 8,700,000)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--csv", type=Path, help="write this CSV file instead of loading the register")
        parser.add_argument("--structure", choices=["2025", "2017"], help="unit structure (default: the deployment's)")
        parser.add_argument("--batch-size", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if not 1 <= count <= 10_000_000:
            self.stderr.write("--count must be between 1 and 10,000,000")
            raise SystemExit(2)
        actor = f"manage.py registry_generate ({getpass.getuser()})"
        progress = Progress("generate")
        if options["csv"]:
            with options["csv"].open("w", encoding="utf-8", newline="") as out:
                n = population_generate_csv(
                    out=out,
                    count=count,
                    seed=options["seed"],
                    actor=actor,
                    structure=options["structure"],
                    progress=progress,
                )
            self.stdout.write(f"{n} people written to {options['csv']}")
            return
        added = population_generate(
            count=count,
            seed=options["seed"],
            actor=actor,
            structure=options["structure"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        self.stdout.write(f"{added} people added to the register ({count - added} were already there)")
