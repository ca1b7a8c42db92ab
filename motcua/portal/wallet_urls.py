"""Portal URLs: wallet (mount point; views in wallet_views.py)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
