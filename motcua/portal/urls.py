from django.urls import include, path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agencies, name="agencies"),
    path("procedures/", include("motcua.portal.catalog_urls")),
    path("my-data/", include("motcua.portal.privacy_urls")),
    path("verify/", include("motcua.portal.signing_urls")),
    path("apply/", include("motcua.portal.apply_urls")),
    path("my-dossiers/", include("motcua.portal.dossier_urls")),
    path("my-documents/", include("motcua.portal.wallet_urls")),
    path("track/", include("motcua.portal.tracking_urls")),
    path("pay/", include("motcua.portal.payment_urls")),
]
