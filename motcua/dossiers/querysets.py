"""Scoped reads of dossiers: ``Dossier.objects.visible_to(actor)`` (the queryset lives with the model)."""

from motcua.dossiers.models.dossier import DossierQuerySet

__all__ = ["DossierQuerySet"]
