"""Administrative units: loading the country, and the units API read path."""

from __future__ import annotations

import time

from bench.common import Figure, django_setup


def run(scale: str) -> list[Figure]:
    vendor = django_setup()
    from django.test import Client

    from motcua.geo.models import Succession, Unit
    from motcua.geo.services import units_load

    started = time.perf_counter()
    units_load(province=None if scale == "full" else "01")
    elapsed = time.perf_counter() - started
    units, links = Unit.objects.count(), Succession.objects.count()
    where = "whole country" if scale == "full" else "Hà Nội"
    figures = [
        Figure(
            "geo_load", (units + links) / elapsed, "rows/s", f"{units} units + {links} merge links, {where}, {vendor}"
        )
    ]

    client = Client(HTTP_HOST="127.0.0.1")
    n = 300 if scale == "small" else 2000
    for name, params, what in [
        ("geo_api_children", {"parent": "01"}, "126 communes of Hà Nội per response"),
        ("geo_api_search", {"q": "dong da"}, "diacritic-free search"),
    ]:
        client.get("/api/v1/geo/units", params)  # warm
        started = time.perf_counter()
        for _ in range(n):
            response = client.get("/api/v1/geo/units", params)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: HTTP {response.status_code}")
        rate = n / (time.perf_counter() - started)
        figures.append(
            Figure(name, rate, "requests/s", f"{what}, in-process Django client, {n} requests, {vendor}, {units} units")
        )
    return figures
