from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.constants import Scope
from motcua.accounts.services import api_client_create
from motcua.agencies.models import Agency


class Command(BaseCommand):
    help = "Create an API client and print its token (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", default=[], choices=[s.value for s in Scope])
        parser.add_argument("--agency", action="append", default=[], help="agency electronic identifier")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Agency.objects.filter(code__in=options["agency"]).values_list("id", flat=True))
        if len(ids) != len(set(options["agency"])):
            raise CommandError("unknown agency code")
        client, raw = api_client_create(name=options["name"], scopes=options["scope"], agency_ids=ids)
        self.stdout.write(f"client {client.pk}: {raw}")
