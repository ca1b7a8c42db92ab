"""Portal URLs: the document wallet (views in wallet_views.py)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal import wallet_views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("", v.wallet, name="wallet"),
    path("upload/", v.wallet_upload, name="wallet_upload"),
    path("<int:document_id>/", v.wallet_download, name="wallet_download"),
    path("<int:document_id>/delete/", v.wallet_delete, name="wallet_delete"),
]
