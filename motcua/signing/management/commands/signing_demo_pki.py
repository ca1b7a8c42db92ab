"""``manage.py signing_demo_pki``: create the demo PKI under var/pki/ (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.signing.demo_pki import DEMO_PASSPHRASE, signing_demo_pki_ensure


class Command(BaseCommand):
    help = (
        "Create the demo root CA, agency CAs, leaders' and seals' keys, a timestamp authority and CRLs under var/pki/."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = signing_demo_pki_ensure()
        self.stdout.write(
            f"Demo PKI in {result.directory} (root: {result.root_pem}); PKCS#12 passphrase: {DEMO_PASSPHRASE}"
        )
