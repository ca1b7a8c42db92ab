"""Fixtures for the signing tests: a demo PKI in a temporary folder, pdfsig with an NSS database that trusts
its root, a SoftHSM2 token, and officials who sign."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from motcua.accounts.constants import UserKind
from motcua.signing import pki
from motcua.signing.demo_pki import DEMO_PASSPHRASE, DemoPki, DemoSigner, demo_pki_build
from motcua.signing.samples import sample_result_pdf
from motcua.signing.softhsm import SoftToken, ToolMissing, softhsm_token_create
from motcua.signing.trust import Trust, load_certificates, load_crls

AGENCY = "000.00.70.H26"
LEADER = DemoSigner("lanhdao.xa", "Phạm Văn Lãnh", AGENCY, "UBND Phường Hoàn Kiếm", "Phó Chủ tịch UBND")
SEAL = DemoSigner("seal", "UBND Phường Hoàn Kiếm", AGENCY, "UBND Phường Hoàn Kiếm")
PIN = DEMO_PASSPHRASE
TOKEN_LABEL = "motcua-test"
TOKEN_PIN = "1234"


def require_tool(name: str) -> str:
    """The path of a Debian tool the tests need; fail (not skip) when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is missing: install the Debian packages softhsm2 opensc poppler-utils libnss3-tools (.ci/run does)"
        )
    return path


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    return demo_pki_build(tmp_path_factory.mktemp("pki"), [LEADER, SEAL])


@pytest.fixture(scope="session")
def trust(demo: DemoPki) -> Trust:
    return Trust(
        tuple(load_certificates([demo.root_pem])), tuple(load_crls(sorted((demo.directory / "crl").glob("*.crl"))))
    )


@pytest.fixture
def pki_settings(settings, demo: DemoPki):
    """Point the settings at the test PKI, so that pages and API trust its root."""
    settings.SIGNING_PKI_DIR = demo.directory
    settings.SIGNING_TRUST_ROOTS = [str(demo.root_pem)]
    settings.SIGNING_CRL_FILES = [str(p) for p in sorted((demo.directory / "crl").glob("*.crl"))]
    settings.SIGNING_TSA_URL = ""
    return settings


@pytest.fixture(scope="session")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> DemoPki:
    """A PKI whose root nobody trusts."""
    return demo_pki_build(tmp_path_factory.mktemp("stranger"), [LEADER], root_name="Untrusted Root CA")


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    return sample_result_pdf()


@pytest.fixture
def official(make_user):
    return make_user(UserKind.OFFICIAL, full_name="Phạm Văn Lãnh")


@dataclass(frozen=True)
class Pdfsig:
    nssdir: Path

    def __call__(self, pdf: bytes, tmp: Path) -> str:
        path = tmp / "checked.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [require_tool("pdfsig"), "-nssdir", f"sql:{self.nssdir}", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        return done.stdout + done.stderr


@pytest.fixture(scope="session")
def pdfsig(demo: DemoPki, tmp_path_factory: pytest.TempPathFactory) -> Pdfsig:
    """poppler's pdfsig, with an NSS database that trusts the demo root (and nothing else)."""
    certutil = require_tool("certutil")
    db = tmp_path_factory.mktemp("nss")
    subprocess.run([certutil, "-N", "-d", f"sql:{db}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{db}", "-n", "motcua-demo-root", "-t", "CT,C,C", "-i", str(demo.root_pem)],
        check=True,
        capture_output=True,
    )
    return Pdfsig(db)


def assert_pdfsig_valid(output: str, count: int) -> None:
    """pdfsig exits 0 whatever it finds: read what it says about each signature."""
    assert output.count("Signature is Valid.") == count, output
    assert output.count("Certificate is Trusted.") == count, output
    assert "Digest Mismatch" not in output
    assert f"Signature #{count}:" in output and f"Signature #{count + 1}:" not in output


@pytest.fixture(scope="session")
def softhsm(demo: DemoPki, tmp_path_factory: pytest.TempPathFactory) -> SoftToken:
    """A SoftHSM2 token in a temporary folder, with an RSA key generated inside it and its certificate
    (issued by the agency's demo CA) written back to it."""
    ca_pem = demo.agency_dir(AGENCY) / "ca.pem"
    ca = pki.load_issued(ca_pem, demo.agency_dir(AGENCY) / "ca.key.pem")
    try:
        return softhsm_token_create(
            tmp_path_factory.mktemp("softhsm"),
            issuer=ca,
            chain=(ca_pem, demo.root_pem),
            common_name="Vũ Thị Token",
            organization="UBND Phường Hoàn Kiếm",
            title="Chủ tịch UBND",
            label=TOKEN_LABEL,
            pin=TOKEN_PIN,
        )
    except ToolMissing as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def expired(demo: DemoPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A PKCS#12 file whose certificate expired yesterday."""
    ca = pki.load_issued(demo.agency_dir(AGENCY) / "ca.pem", demo.agency_dir(AGENCY) / "ca.key.pem")
    start = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=400)
    issued = pki.signer_issue(ca, "Người Hết Hạn", organization="UBND Phường Hoàn Kiếm", not_before=start, days=399)
    path = tmp_path_factory.mktemp("expired") / "expired.p12"
    pki.write_private(path, pki.pkcs12_bytes(issued, (ca.cert,), PIN, "expired"))
    return path
