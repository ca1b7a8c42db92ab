"""Wrong PIN, removed token, expired certificate, unusable input: a clear error, and nothing signed."""

from __future__ import annotations

import subprocess

import pytest

from motcua.accounts.constants import UserKind
from motcua.core.errors import PermissionDenied
from motcua.signing.exceptions import CertificateExpired, KeyUnavailable, NotAPdf, PdfUnreadable, WrongPin
from motcua.signing.models import RegisteredResult
from motcua.signing.providers import key_provider
from motcua.signing.providers.pkcs12 import Pkcs12KeyProvider
from motcua.signing.services import pdf_sign
from motcua.signing.tests.conftest import LEADER, PIN, require_tool

pytestmark = pytest.mark.django_db


def _nothing_signed(caplog) -> None:
    assert RegisteredResult.objects.count() == 0
    assert "document signed" not in caplog.text


def test_wrong_pin_of_a_key_file(official, demo, trust, result_pdf, caplog):
    with pytest.raises(WrongPin) as err:
        pdf_sign(actor=official, pdf=result_pdf, key=demo.provider(LEADER), pin="not-the-pin", trust=trust)
    assert err.value.code == "wrong_pin" and "PIN" in str(err.value.detail)
    assert "not-the-pin" not in caplog.text
    _nothing_signed(caplog)


def test_wrong_pin_of_a_token(official, softhsm, trust, result_pdf, caplog):
    key = key_provider("pkcs11", token_label=softhsm.label, key_label=softhsm.key_label)
    with pytest.raises(WrongPin):
        pdf_sign(actor=official, pdf=result_pdf, key=key, pin="0000", trust=trust)
    assert "0000" not in caplog.text
    _nothing_signed(caplog)


def test_removed_token(official, softhsm, trust, result_pdf, caplog, tmp_path):
    """A token that is not there (unplugged, or deleted as here) answers 'unavailable', not a crash."""
    util = require_tool("softhsm2-util")
    env = {"SOFTHSM2_CONF": str(softhsm.conf), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [util, "--init-token", "--free", "--label", "unplugged", "--pin", "1111", "--so-pin", "2222"],
        check=True,
        capture_output=True,
        env=env,
    )
    subprocess.run([util, "--delete-token", "--token", "unplugged"], check=True, capture_output=True, env=env)
    key = key_provider("pkcs11", token_label="unplugged", key_label="leader")
    with pytest.raises(KeyUnavailable) as err:
        pdf_sign(actor=official, pdf=result_pdf, key=key, pin="1111", trust=trust)
    assert err.value.status == 503
    _nothing_signed(caplog)


def test_missing_key_file(official, trust, result_pdf, tmp_path, caplog):
    with pytest.raises(KeyUnavailable):
        pdf_sign(
            actor=official, pdf=result_pdf, key=Pkcs12KeyProvider(path=str(tmp_path / "none.p12")), pin=PIN, trust=trust
        )
    _nothing_signed(caplog)


def test_expired_certificate(official, expired, trust, result_pdf, caplog):
    with pytest.raises(CertificateExpired) as err:
        pdf_sign(actor=official, pdf=result_pdf, key=Pkcs12KeyProvider(path=str(expired)), pin=PIN, trust=trust)
    assert err.value.code == "certificate_expired"
    _nothing_signed(caplog)


def test_not_a_pdf_and_a_broken_pdf(official, demo, trust):
    with pytest.raises(NotAPdf):
        pdf_sign(actor=official, pdf=b"<html>hello</html>", key=demo.provider(LEADER), pin=PIN, trust=trust)
    with pytest.raises(PdfUnreadable):
        pdf_sign(actor=official, pdf=b"%PDF-1.7\n garbage", key=demo.provider(LEADER), pin=PIN, trust=trust)


def test_citizens_do_not_sign(make_user, demo, trust, result_pdf):
    with pytest.raises(PermissionDenied):
        pdf_sign(actor=make_user(UserKind.CITIZEN), pdf=result_pdf, key=demo.provider(LEADER), pin=PIN, trust=trust)


def test_the_deployment_picks_its_provider(settings):
    from motcua.signing.providers import default_key_provider

    settings.SIGNING_KEY_PROVIDER = "pkcs11"
    assert default_key_provider(token_label="T", key_label="k").provider_id == "pkcs11"


def test_provider_options_are_validated():
    with pytest.raises(ValueError, match="unknown options"):
        key_provider("pkcs12", path="/x", colour="red")
    with pytest.raises(ValueError, match="required"):
        key_provider("pkcs11")
    with pytest.raises(LookupError):
        key_provider("carrier-pigeon")
