"""Officers' worklists (danh sách công việc) at city scale: the selector, and the page through the HTTP stack.

``full``: 1,000,000 dossiers in PostgreSQL (database ``motcua_bench_http``, built once by
``bench.bulk_dossiers``); ``small``: 20,000 (``motcua_bench_http_small``). Officials of many communes (desk officers,
specialists, leaders) read every worklist: the selector's p50/p99 over at least 1,000 queries (one page
plus its count, as the page shows it), then the page ``/backoffice/desk/?list=…`` served by granian to
``wrk`` with those officials' sessions (second factor verified in the session).
"""

from __future__ import annotations

import random
import statistics
import time

from bench import bulk_dossiers, http
from bench.common import Figure

OFFICIALS = 120


def _officials(count: int) -> list[int]:
    """Bench officials of ``count // 4`` communes spread over the city (every role of each)."""
    from motcua.accounts.models import User

    ids = list(User.objects.filter(username__startswith="bench.").order_by("username").values_list("id", flat=True))
    communes = [ids[i : i + 4] for i in range(0, len(ids), 4)]
    step = max(1, len(communes) // max(1, count // 4))
    return [uid for group in communes[::step][: count // 4] for uid in group]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def selector(officials: list[int], queries: int) -> tuple[list[float], list[float]]:
    """Milliseconds of ``worklist_for`` (page + count) and of a whole page's reads (with the tab counts)."""
    from motcua.accounts.models import User
    from motcua.dossiers.actors import actor_for_user
    from motcua.dossiers.worklists import WORKLISTS, worklist_counts, worklist_for

    actors = [actor_for_user(u) for u in User.objects.filter(pk__in=officials)]
    names = list(WORKLISTS)
    rng = random.Random(1)
    one: list[float] = []
    page: list[float] = []
    for i in range(queries):
        actor, name = actors[i % len(actors)], rng.choice(names)
        started = time.perf_counter()
        worklist_for(actor=actor, worklist=name, limit=50)
        middle = time.perf_counter()
        worklist_counts(actor=actor)
        ended = time.perf_counter()
        one.append((middle - started) * 1000)
        page.append((ended - started) * 1000)
    return one, page


def run(scale: str) -> list[Figure]:
    http.use_server_settings()
    url = bulk_dossiers.database_url(scale)
    built = bulk_dossiers.build(url, bulk_dossiers.SIZES.get(scale, bulk_dossiers.SIZES["small"]))
    from django.db import connection

    from motcua.dossiers.worklists import WORKLISTS

    officials = _officials(OFFICIALS)
    queries = 1_200 if scale == "full" else 400
    selector(officials[:8], 40)  # warm the caches (plans, calendars) before measuring
    one, page = selector(officials, queries)
    context = f"{built.context()}, {len(officials)} officials of {len(officials) // 4} communes, {connection.vendor}"
    figures = [
        Figure(
            "worklist_query_p99",
            _percentile(one, 99),
            "ms",
            f"worklist_for (50 rows + count), {queries:,} queries over {len(WORKLISTS)} worklists, "
            f"p50 {statistics.median(one):.1f} ms; {context}; {http.machine()}",
        ),
        Figure(
            "worklist_reads_p99",
            _percentile(page, 99),
            "ms",
            f"everything the page reads (worklist + tab counts), p50 {statistics.median(page):.1f} ms; {context}",
        ),
    ]
    if http.wrk_path() is None:
        print(http.WRK_MISSING, flush=True)
        return figures
    cookies = http.officer_cookies(officials)
    rng = random.Random(2)
    requests = [
        http.Request(f"/backoffice/desk/?list={rng.choice(list(WORKLISTS))}", headers=(("Cookie", cookies[uid]),))
        for uid in officials
        for _ in range(3)
    ]
    rng.shuffle(requests)
    connection.close()
    with http.serve(url) as server:
        status, _body = http.get(server.base_url + requests[0].path, dict(requests[0].headers))
        if status != 200:
            raise RuntimeError(f"the worklist page answered {status} to a logged-in official")
        result = http.load(server.base_url, requests, server=server, seconds=20 if scale == "full" else 8)
    figures.append(
        Figure(
            "worklist_page",
            result.rate,
            "pages/s",
            f"GET /backoffice/desk/?list=… as {len(officials)} officials; {result.context()}; granian WSGI "
            f"{http.WORKERS} workers × {http.BLOCKING_THREADS} threads, DEBUG off; {built.context()}; {http.machine()}",
        )
    )
    return figures
