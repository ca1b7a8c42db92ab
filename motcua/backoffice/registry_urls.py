from django.urls import path

from motcua.backoffice import registry_views

urlpatterns = [
    path("", registry_views.lookup, name="registry_lookup"),
    path("flags/", registry_views.flags, name="registry_flags"),
]
