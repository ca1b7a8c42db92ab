"""The anti-scraping challenge of the public tracking page: a small sum, signed into the form, single use.

No third-party captcha (no data leaves the site, works without JavaScript and with a screen reader); with
the per-address rate limit it makes walking through dossier codes slow and visible.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

SALT = "motcua.tracking.challenge"
MAX_AGE = 600  # seconds a challenge stays valid


@dataclass(frozen=True)
class Challenge:
    a: int
    b: int
    token: str


def challenge_new() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_hex(8)}, salt=SALT, compress=True)
    return Challenge(a=a, b=b, token=token)


def challenge_solved(token: str, answer: str) -> bool:
    """Whether ``answer`` is the sum signed in ``token``; a token is accepted once and for ten minutes."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or not answer.strip().isdigit():
        return False
    if int(answer.strip()) != int(data.get("a", 0)) + int(data.get("b", 0)):
        return False
    return cache.add(f"tracking-challenge:{data.get('n')}", 1, MAX_AGE)
