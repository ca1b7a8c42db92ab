from django.urls import include, path

from motcua.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", include("motcua.backoffice.catalog_urls")),
    path("registry/", include("motcua.backoffice.registry_urls")),
]
