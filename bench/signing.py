"""Digital signatures: signing one-page result PDFs with a key file and with a SoftHSM2 token, and verifying.

Signing runs as a leader's batch (one PIN entry, then one signature per document), which is how results
are signed from the worklist. Each document is a one-page A4 result with Vietnamese text (16 KB).
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from bench.common import Figure, django_setup


def run(scale: str) -> list[Figure]:
    vendor = django_setup()
    from motcua.accounts.constants import UserKind
    from motcua.accounts.services import user_upsert
    from motcua.signing import pki
    from motcua.signing.demo_pki import DEMO_PASSPHRASE, DemoSigner, demo_pki_build
    from motcua.signing.providers import key_provider
    from motcua.signing.samples import sample_result_pdf
    from motcua.signing.selectors import pdf_verify
    from motcua.signing.services import signing_session
    from motcua.signing.softhsm import softhsm_token_create
    from motcua.signing.stamp import Stamp
    from motcua.signing.trust import Trust, load_certificates

    n = 1000 if scale == "full" else 60
    n_visible = 200 if scale == "full" else 20
    work = Path(tempfile.mkdtemp(prefix="motcua-bench-signing-"))
    agency = "000.00.70.H26"
    leader = DemoSigner("lanhdao.xa", "Phạm Văn Lãnh", agency, "UBND Phường Hoàn Kiếm", "Phó Chủ tịch UBND")
    demo = demo_pki_build(work / "pki", [leader])
    trust = Trust(tuple(load_certificates([demo.root_pem])))
    actor = user_upsert(
        username="bench.signer", password=secrets.token_urlsafe(16), kind=UserKind.OFFICIAL, full_name="Bench"
    )
    pdf = sample_result_pdf()
    size = f"one-page A4 result PDF of {len(pdf) // 1024} KB"
    figures: list[Figure] = []

    signed: list[bytes] = []
    started, cpu = time.perf_counter(), time.process_time()
    with signing_session(actor=actor, key=demo.provider(leader), pin=DEMO_PASSPHRASE, trust=trust) as session:
        signed.extend(session.sign(pdf).data for _ in range(n))
    rate, cpu_rate = n / (time.perf_counter() - started), n / (time.process_time() - cpu)
    what = f"{n} × {size}, PKCS#12 RSA-2048, PAdES B-B, invisible, one batch, {vendor}"
    figures.append(Figure("signing_file_key", rate, "documents/s", what))
    # The machine is shared: the same work per second of CPU time of this (single-threaded) process.
    figures.append(Figure("signing_file_key_cpu", cpu_rate, "documents/CPU-s", what))

    stamp = Stamp(
        "Phạm Văn Lãnh",
        "Phó Chủ tịch UBND",
        "UBND Phường Hoàn Kiếm",
        verification_url="http://127.0.0.1:8000/verify/x/",
    )
    started, cpu = time.perf_counter(), time.process_time()
    with signing_session(actor=actor, key=demo.provider(leader), pin=DEMO_PASSPHRASE, trust=trust) as session:
        for _ in range(n_visible):
            session.sign(pdf, stamp=stamp)
    rate, cpu_rate = n_visible / (time.perf_counter() - started), n_visible / (time.process_time() - cpu)
    what = f"{n_visible} × {size}, visible stamp (Be Vietnam Pro subset + QR), PKCS#12, B-B"
    figures.append(Figure("signing_file_key_visible", rate, "documents/s", what))
    figures.append(Figure("signing_file_key_visible_cpu", cpu_rate, "documents/CPU-s", what))

    ca_pem = demo.agency_dir(agency) / "ca.pem"
    ca = pki.load_issued(ca_pem, demo.agency_dir(agency) / "ca.key.pem")
    token = softhsm_token_create(work / "softhsm", issuer=ca, chain=(ca_pem, demo.root_pem), common_name="Bench Token")
    provider = key_provider("pkcs11", token_label=token.label, key_label=token.key_label)
    started = time.perf_counter()
    with signing_session(actor=actor, key=provider, pin=token.pin, trust=trust) as session:
        for _ in range(n):
            session.sign(pdf)
    rate = n / (time.perf_counter() - started)
    figures.append(
        Figure(
            "signing_softhsm",
            rate,
            "documents/s",
            f"{n} × {size}, SoftHSM2 RSA-2048 key generated in the token, B-B, one batch",
        )
    )

    started, cpu = time.perf_counter(), time.process_time()
    valid = sum(pdf_verify(data, trust=trust).all_valid for data in signed)
    rate, cpu_rate = n / (time.perf_counter() - started), n / (time.process_time() - cpu)
    if valid != n:
        raise RuntimeError(f"only {valid} of {n} signed documents verified")
    what = f"{n} signed {size}s, 1 signature each, chain to the demo root, diff analysis, {vendor} lookup"
    figures.append(Figure("signing_verify", rate, "documents/s", what))
    figures.append(Figure("signing_verify_cpu", cpu_rate, "documents/CPU-s", what))
    return figures
