from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.catalog.services.demo import catalog_load_demo
from motcua.demo import agencies as demo_agencies
from motcua.demo.people import DEMO_PASSWORD, load_people
from motcua.dossiers.services.demo import dossiers_load_demo
from motcua.dossiers.signals import announcements_muted
from motcua.geo.models import Unit
from motcua.geo.services import units_load
from motcua.registry.services.population import registry_load_demo
from motcua.signing.demo_pki import signing_demo_pki_ensure
from motcua.statistics.services import rollups_update_all
from motcua.workdays.services import workdays_load_official_schedule


class Command(BaseCommand):
    help = "Load the demo data (units of the whole country, Hà Nội's agencies, demo accounts). Safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--structure", choices=["2025", "2017"], default=settings.MOTCUA_STRUCTURE)
        parser.add_argument("--people", type=int, default=50_000, help="size of the synthetic population")
        parser.add_argument("--dossiers", type=int, default=None, help="demo dossiers (default: DEMO_DOSSIERS)")

    def handle(self, *args: Any, **options: Any) -> None:
        structure = options["structure"]
        if not Unit.objects.filter(structure="2017").exists() or not Unit.objects.filter(structure="2025").exists():
            counts = units_load()
            self.stdout.write("units: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        with transaction.atomic():
            province = Unit.objects.get(structure=structure, code=settings.MOTCUA_PROVINCE)
            city = demo_agencies.load_city(province)
            loader = demo_agencies.load_2025 if structure == "2025" else demo_agencies.load_2017
            local = loader(province, city)
            # The demo commune: Hoàn Kiếm ward (2025) or Phúc Xá ward of Ba Đình (2017).
            demo_unit = "00070" if structure == "2025" else "00001"
            pc = Agency.objects.get(unit__structure=structure, unit__code=demo_unit, kind=AgencyKind.PEOPLES_COMMITTEE)
            desk = Agency.objects.get(unit__structure=structure, unit__code=demo_unit, kind=AgencyKind.ONE_STOP_DESK)
            accounts = load_people(pc, desk)
        self.stdout.write(f"agencies: {Agency.objects.count()} ({local} local units in the {structure} structure)")
        self.stdout.write(f"calendar: {workdays_load_official_schedule()} official notices declared or updated")
        pki = signing_demo_pki_ensure()
        self.stdout.write(f"signing: demo PKI in {pki.directory}")
        people = registry_load_demo(count=options["people"])
        self.stdout.write(f"population register: {people} people added")
        catalog = catalog_load_demo()
        self.stdout.write(f"procedures: {catalog.created} new, {Procedure.objects.count()} in the catalogue")
        with announcements_muted():  # a generated past: no notices, no payment follow-ups queued for it
            self.stdout.write(f"dossiers: {dossiers_load_demo(count=options['dossiers'])} created")
        # Roll the new audit entries up now, so that the statistics follower of `make demo` starts caught up
        # (a first catch-up beside the server would hold SQLite's write lock for long).
        self.stdout.write(f"statistics: {rollups_update_all()} audit entries rolled up")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, what in accounts:
            self.stdout.write(f"  {username:16} {what}")
        self.stdout.write("Officials also need a TOTP code: `make totp USER=motcua.xa` prints the current one.")
