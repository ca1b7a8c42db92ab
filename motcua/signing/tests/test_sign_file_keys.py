"""PAdES signing with PKCS#12 keys: accepted by pyHanko's validator and by poppler's pdfsig."""

from __future__ import annotations

import pytest

from motcua.signing.constants import PadesLevel
from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign, signing_session
from motcua.signing.stamp import Stamp
from motcua.signing.tests.conftest import LEADER, PIN, SEAL, assert_pdfsig_valid
from motcua.signing.trust import Trust, load_certificates

pytestmark = pytest.mark.django_db


def test_one_signature_is_valid_for_pyhanko_and_pdfsig(official, demo, trust, result_pdf, pdfsig, tmp_path):
    signed = pdf_sign(actor=official, pdf=result_pdf, key=demo.provider(LEADER), pin=PIN, trust=trust)

    assert signed.level == PadesLevel.B_B
    assert signed.signer == "Phạm Văn Lãnh"
    report = pdf_verify(signed.data, trust=trust)
    [sig] = report.signatures
    assert sig.valid and sig.intact and sig.trusted
    assert sig.covers_whole_document and not sig.modified_after_signing
    assert sig.signer == "Phạm Văn Lãnh" and sig.issuer == "CA UBND Phường Hoàn Kiếm"
    assert report.all_valid
    assert_pdfsig_valid(pdfsig(signed.data, tmp_path), 1)


def test_approver_then_seal_both_stay_valid(official, demo, trust, result_pdf, pdfsig, tmp_path):
    first = pdf_sign(
        actor=official,
        pdf=result_pdf,
        key=demo.provider(LEADER),
        pin=PIN,
        trust=trust,
        stamp=Stamp(
            "Phạm Văn Lãnh",
            "Phó Chủ tịch UBND",
            "UBND Phường Hoàn Kiếm",
            authority="KT. CHỦ TỊCH",
            box=(60, 60, 330, 150),
        ),
    )
    second = pdf_sign(
        actor=official,
        pdf=first.data,
        key=demo.provider(SEAL),
        pin=PIN,
        trust=trust,
        timestamper=demo.timestamper(),
        stamp=Stamp("UBND Phường Hoàn Kiếm", box=(340, 60, 560, 150)),
    )

    assert second.data.startswith(first.data)  # an incremental revision: the first signature's bytes are kept
    assert second.level == PadesLevel.B_LT  # timestamp + the demo CRLs for the whole chain
    report = pdf_verify(second.data, trust=trust)
    assert [s.field_name for s in report.signatures] == ["Signature1", "Signature2"]
    assert all(s.valid and not s.modified_after_signing for s in report.signatures)
    assert not report.signatures[0].covers_whole_document  # later signatures were added, which is allowed
    assert report.signatures[1].timestamp is not None
    assert report.signatures[1].level == PadesLevel.B_LT
    assert_pdfsig_valid(pdfsig(second.data, tmp_path), 2)


def test_timestamp_without_revocation_data_is_b_t(official, demo, result_pdf, pdfsig, tmp_path):
    no_crls = Trust(tuple(load_certificates([demo.root_pem])))
    signed = pdf_sign(
        actor=official,
        pdf=result_pdf,
        key=demo.provider(LEADER),
        pin=PIN,
        trust=no_crls,
        timestamper=demo.timestamper(),
    )
    assert signed.level == PadesLevel.B_T
    [sig] = pdf_verify(signed.data, trust=no_crls).signatures
    assert sig.valid and sig.timestamp is not None and sig.level == PadesLevel.B_T
    assert_pdfsig_valid(pdfsig(signed.data, tmp_path), 1)


def test_a_batch_is_signed_with_one_pin_entry(official, demo, trust, result_pdf):
    with signing_session(actor=official, key=demo.provider(LEADER), pin=PIN, trust=trust) as session:
        results = [session.sign(result_pdf) for _ in range(3)]
    assert len({r.sha256 for r in results}) == 3
    assert all(pdf_verify(r.data, trust=trust).all_valid for r in results)
