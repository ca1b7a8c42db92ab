"""Signing with a key generated inside a SoftHSM2 token (PKCS#11): the key never leaves the token."""

from __future__ import annotations

import pytest

from motcua.signing.providers import key_provider
from motcua.signing.selectors import pdf_verify
from motcua.signing.services import pdf_sign
from motcua.signing.tests.conftest import PIN, SEAL, assert_pdfsig_valid

pytestmark = pytest.mark.django_db


def test_token_signature_single_and_double(official, softhsm, demo, trust, result_pdf, pdfsig, tmp_path):
    token = key_provider("pkcs11", token_label=softhsm.label, key_label=softhsm.key_label)

    first = pdf_sign(actor=official, pdf=result_pdf, key=token, pin=softhsm.pin, trust=trust)
    [sig] = pdf_verify(first.data, trust=trust).signatures
    assert sig.valid and sig.signer == "Vũ Thị Token" and sig.issuer == "CA UBND Phường Hoàn Kiếm"
    assert_pdfsig_valid(pdfsig(first.data, tmp_path), 1)

    second = pdf_sign(
        actor=official, pdf=first.data, key=demo.provider(SEAL), pin=PIN, trust=trust, timestamper=demo.timestamper()
    )
    report = pdf_verify(second.data, trust=trust)
    assert [s.valid and not s.modified_after_signing for s in report.signatures] == [True, True]
    assert_pdfsig_valid(pdfsig(second.data, tmp_path), 2)


def test_token_key_by_id(official, softhsm, trust, result_pdf):
    token = key_provider("pkcs11", token_label=softhsm.label, key_id="02")
    assert pdf_verify(
        pdf_sign(actor=official, pdf=result_pdf, key=token, pin=softhsm.pin, trust=trust).data, trust=trust
    ).all_valid
