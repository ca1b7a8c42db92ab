"""A citizen's documents (wallet) and their dossiers, for the citizen's own apps."""

from ninja import Router

router = Router(tags=["documents"])
