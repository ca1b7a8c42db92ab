"""A SoftHSM2 token for tests, the benchmark and a demo of hardware-style keys: the key pair is generated
inside the token (pkcs11-tool), and only its certificate, issued by a demo CA, is written back."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from motcua.signing import pki

SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"


class ToolMissing(RuntimeError):
    """A Debian tool is not installed (softhsm2, opensc)."""


@dataclass(frozen=True)
class SoftToken:
    conf: Path
    label: str
    pin: str
    key_label: str


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ToolMissing(f"{name} is missing: install the Debian packages softhsm2 and opensc")
    return path


def softhsm_token_create(
    directory: Path,
    *,
    issuer: pki.Issued,
    chain: tuple[Path, ...],
    common_name: str,
    organization: str = "",
    title: str = "",
    label: str = "motcua-test",
    pin: str = "1234",
    so_pin: str = "5678",
) -> SoftToken:
    """Create a token in ``directory``, generate an RSA-2048 key in it, write the certificate issued by
    ``issuer`` and the ``chain`` PEM files. Sets ``SOFTHSM2_CONF`` for this process (the module reads it
    when first loaded)."""
    util, tool = _tool("softhsm2-util"), _tool("pkcs11-tool")
    if not Path(SOFTHSM_LIBRARY).exists():
        raise ToolMissing(f"{SOFTHSM_LIBRARY} is missing: install the Debian package softhsm2")
    (directory / "tokens").mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        subprocess.run(list(args), check=True, capture_output=True, env=env, timeout=120)  # noqa: S603

    run(util, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
    module = ["--module", SOFTHSM_LIBRARY, "--token-label", label, "--login", "--pin", pin]
    run(tool, *module, "--keypairgen", "--key-type", "rsa:2048", "--id", "02", "--label", "signer")
    pub_der = directory / "pub.der"
    run(tool, *module, "--read-object", "--type", "pubkey", "--id", "02", "--output-file", str(pub_der))
    public_key = serialization.load_der_public_key(pub_der.read_bytes())
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise TypeError("the token did not generate an RSA key")
    cert = pki.signer_certificate(issuer, public_key, common_name, organization=organization, title=title)
    der = serialization.Encoding.DER
    items = [("signer", "02", cert.public_bytes(der))]
    for n, path in enumerate(chain):
        pem = x509.load_pem_x509_certificate(path.read_bytes())
        items.append((f"chain{n}", f"1{n}", pem.public_bytes(der)))
    for obj_label, obj_id, data in items:
        target = directory / f"{obj_label}.der"
        target.write_bytes(data)
        run(tool, *module, "--write-object", str(target), "--type", "cert", "--id", obj_id, "--label", obj_label)
    return SoftToken(conf, label, pin, "signer")
