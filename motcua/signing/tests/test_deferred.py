"""Two-step signing through an agent on the signer's computer (the browser carries data_to_sign to it)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12

from motcua.core.errors import DomainError
from motcua.signing.exceptions import SigningError
from motcua.signing.selectors import pdf_verify
from motcua.signing.services.deferred import pdf_signature_complete, pdf_signature_prepare
from motcua.signing.stamp import Stamp
from motcua.signing.tests.conftest import LEADER, PIN, assert_pdfsig_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(demo):
    """What the agent holds: the token's key (here from the demo file) and the certificates it reads."""
    key, cert, chain = pkcs12.load_key_and_certificates(demo.p12_path(LEADER).read_bytes(), PIN.encode())
    assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
    der = serialization.Encoding.DER
    return key, cert.public_bytes(der), [c.public_bytes(der) for c in chain]


def test_agent_signs_the_prepared_attributes(official, agent, demo, trust, result_pdf, pdfsig, tmp_path):
    key, cert, chain = agent
    prepared = pdf_signature_prepare(
        actor=official, pdf=result_pdf, certificate=cert, chain=chain, stamp=Stamp("Phạm Văn Lãnh"), with_timestamp=True
    )
    assert len(prepared.data_to_sign) < 2000  # the agent sees the signed attributes, not the document
    signature = key.sign(prepared.data_to_sign, PKCS1v15(), hashes.SHA256())

    signed = pdf_signature_complete(
        actor=official, token=prepared.token, signature=signature, timestamper=demo.timestamper()
    )

    [sig] = pdf_verify(signed.data, trust=trust).signatures
    assert sig.valid and sig.timestamp is not None and sig.signer == "Phạm Văn Lãnh"
    assert_pdfsig_valid(pdfsig(signed.data, tmp_path), 1)
    with pytest.raises(DomainError) as again:  # one use
        pdf_signature_complete(actor=official, token=prepared.token, signature=signature)
    assert again.value.code == "signing_request_expired"


def test_a_wrong_signature_or_someone_else_is_refused(official, make_user, agent, result_pdf):
    _, cert, chain = agent
    prepared = pdf_signature_prepare(actor=official, pdf=result_pdf, certificate=cert, chain=chain)
    from motcua.accounts.constants import UserKind

    with pytest.raises(DomainError):
        pdf_signature_complete(actor=make_user(UserKind.OFFICIAL), token=prepared.token, signature=b"x" * 256)
    prepared = pdf_signature_prepare(actor=official, pdf=result_pdf, certificate=cert, chain=chain)
    with pytest.raises(SigningError) as wrong:
        pdf_signature_complete(actor=official, token=prepared.token, signature=b"x" * 256)
    assert wrong.value.code == "agent_signature_invalid"
