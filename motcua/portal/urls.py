from django.urls import include, path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agencies, name="agencies"),
    path("procedures/", include("motcua.portal.catalog_urls")),
    path("my-data/", include("motcua.portal.privacy_urls")),
    path("verify/", include("motcua.portal.signing_urls")),
]
