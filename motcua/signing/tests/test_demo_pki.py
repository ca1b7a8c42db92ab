"""The demo PKI: created for the demo leaders and their agencies, once, then kept."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.accounts.constants import UserKind
from motcua.agencies.constants import Role
from motcua.agencies.services import membership_grant
from motcua.signing.demo_pki import DEMO_PASSPHRASE, demo_signers, signing_demo_pki_ensure
from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign
from motcua.signing.trust import Trust

pytestmark = pytest.mark.django_db


def test_demo_pki_for_the_demo_leaders_is_idempotent(make_user, commune_pc, settings, tmp_path, result_pdf):
    settings.SIGNING_PKI_DIR = tmp_path / "pki"
    settings.SIGNING_TRUST_ROOTS = []
    settings.SIGNING_CRL_FILES = []
    leader = make_user(UserKind.OFFICIAL, username="lanhdao.xa", full_name="Phạm Văn Lãnh")
    membership_grant(user_id=leader.pk, agency=commune_pc, role=Role.LEADER, title="Phó Chủ tịch UBND")
    assert [s.key_id for s in demo_signers()] == ["lanhdao.xa", "seal"]

    pki = signing_demo_pki_ensure()
    root = pki.root_pem.read_bytes()
    assert pki.root_pem == tmp_path / "pki" / "root.pem"
    assert (tmp_path / "pki" / "people" / "lanhdao.xa.p12").exists()
    assert (pki.agency_dir(commune_pc.code) / "seal.p12").exists()
    assert (pki.agency_dir(commune_pc.code) / "ca.pem").exists()
    assert oct((tmp_path / "pki" / "root.key.pem").stat().st_mode & 0o777) == "0o600"

    call_command("signing_demo_pki", stdout=io.StringIO())  # the command again: nothing is replaced
    assert pki.root_pem.read_bytes() == root

    signed = pdf_sign(actor=leader, pdf=result_pdf, key=pki.person_provider("lanhdao.xa"), pin=DEMO_PASSPHRASE)
    sealed = pdf_sign(
        actor=leader,
        pdf=signed.data,
        key=pki.seal_provider(commune_pc.code),
        pin=DEMO_PASSPHRASE,
        timestamper=pki.timestamper(),
    )
    assert sealed.level == "B-LT"  # the demo's CRLs under var/pki/crl are picked up from the settings
    assert pdf_verify(sealed.data, trust=Trust.from_settings()).all_valid
