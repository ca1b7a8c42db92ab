"""Portal URLs: dossier (mount point; views in dossier_views.py)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
