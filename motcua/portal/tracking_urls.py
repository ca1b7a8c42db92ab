"""Portal URLs: tracking (mount point; views in tracking_views.py)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
