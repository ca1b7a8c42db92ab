"""Filing dossiers (nộp hồ sơ) through the HTTP API: ``POST /api/v1/dossiers`` with an API client's token, each
request with its own ``Idempotency-Key``, over granian WSGI (2 workers) and PostgreSQL holding 1,000,000
dossiers (``full``; 20,000 for ``small``). Every request goes through validation, the code's daily sequence,
the audit chain and the post-commit signals; afterwards the number of dossiers the client created must equal
the number of 2xx answers (plus at most one per connection still in flight when ``wrk`` stopped).

The API has no upload route yet, so the "small attachment" is each required component, digitised, with its file reference.
"""

from __future__ import annotations

import json
import time

from bench import bulk_dossiers, http
from bench.common import Figure

PERSON = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678", "address": "Hà Nội"}


def _bodies(plan: list[bulk_dossiers.Lane], count: int) -> list[str]:
    rows = []
    for i in range(count):
        lane = plan[(i * 7919) % len(plan)]
        rows.append(
            json.dumps(
                {
                    "procedure": lane.procedure,
                    "agency": lane.desk_code,
                    "channel": "online",
                    "submitter": PERSON,
                    "summary": f"Đề nghị giải quyết thủ tục {lane.procedure_name[:120]}",
                    "components": [
                        {"name": name, "digitised": True, "file_ref": f"bench/{i:06d}-{n}.pdf"}
                        for n, name in enumerate(lane.components)
                    ],
                },
                ensure_ascii=False,
            )
        )
    return rows


def run(scale: str) -> list[Figure]:
    http.use_server_settings()
    url = bulk_dossiers.database_url(scale)
    built = bulk_dossiers.build(url, bulk_dossiers.SIZES.get(scale, bulk_dossiers.SIZES["small"]))
    from django.db import connection

    from motcua.accounts.constants import Scope
    from motcua.accounts.services import api_client_create
    from motcua.dossiers.models import Dossier

    if http.wrk_path() is None:
        print(http.WRK_MISSING, flush=True)
        return []
    plan = bulk_dossiers.lanes()
    desks = sorted({lane.desk for lane in plan})
    client, token = api_client_create(
        name=f"bench submission {time.time():.0f}", scopes=[Scope.DOSSIERS_WRITE], agency_ids=desks
    )
    before = Dossier.objects.count()
    headers = (("Authorization", f"Bearer {token}"), ("Content-Type", "application/json"))
    requests = [
        http.Request("/api/v1/dossiers", method="POST", headers=headers, body=b, idempotent_prefix=f"b{client.pk}")
        for b in _bodies(plan, 2_000)
    ]
    seconds = 20 if scale == "full" else 8
    connection.close()
    with http.serve(url) as server:
        probe = _post(server.base_url, requests[0])
        if probe != 201:
            raise RuntimeError(f"POST /api/v1/dossiers answered {probe}")
        result = http.load(server.base_url, requests, server=server, seconds=seconds, warmup=0)
        time.sleep(2)  # let requests in flight when wrk stopped finish
    created = Dossier.objects.filter(client_id=client.pk).count() - 1  # the probe
    answered = result.requests - result.non_2xx
    in_flight = created - answered
    verdict = "matches" if 0 <= in_flight <= result.connections else "DOES NOT MATCH"
    return [
        Figure(
            "submission_http",
            result.rate,
            "dossiers/s",
            f"POST /api/v1/dossiers (validation, code, audit, signals; a digitised component), "
            f"{result.context()}; created {created:,} for {answered:,} 2xx answers ({verdict}; "
            f"{in_flight} in flight at stop); {before:,} dossiers before; {built.context()}; "
            f"granian WSGI {http.WORKERS} workers × {http.BLOCKING_THREADS} threads, DEBUG off; {http.machine()}",
        )
    ]


def _post(base: str, request: http.Request) -> int:
    import urllib.error
    import urllib.request

    headers = dict(request.headers) | {"Idempotency-Key": "probe"}
    sent = urllib.request.Request(  # noqa: S310 — loopback URL we built
        base + request.path, data=(request.body or "").encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(sent, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        print(exc.read().decode(errors="replace")[:500], flush=True)
        return int(exc.code)
