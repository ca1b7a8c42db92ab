from django.urls import URLPattern, path

from motcua.portal import signing_views

urlpatterns: list[URLPattern] = [
    path("", signing_views.verify, name="signing_verify"),
    path("<slug:reference>/", signing_views.verify_reference, name="signing_reference"),
]
