"""Public endpoints without login: dossier progress by code (rate-limited)."""

from ninja import Router

router = Router(tags=["public"])
