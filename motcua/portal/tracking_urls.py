"""Portal URLs: public tracking (views in tracking_views.py). Slips' QR codes open ``<code>/``."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal import tracking_views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("", v.track, name="track"),
    path("figures/", v.figures, name="track_figures"),
    path("<str:code>/", v.track, name="track_code"),
]
