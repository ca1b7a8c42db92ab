"""Portal URLs: paying a dossier's fees; the sandbox gateway under sandbox/ when enabled."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from motcua.portal import payment_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("return/<slug:provider>/", views.gateway_return, name="payments_return"),
    path("<str:code>/", views.pay, name="payments_pay"),
    path("<str:code>/<int:payment_id>/start/", views.start, name="payments_start"),
    path("<str:code>/qr/<slug:reference>/", views.qr, name="payments_qr"),
    path("<str:code>/result/<slug:reference>/", views.result, name="payments_result"),
    path("<str:code>/<int:payment_id>/receipt/", views.receipt, name="payments_receipt"),
]
if settings.PAYMENTS_SANDBOX:
    urlpatterns.insert(0, path("sandbox/", include("motcua.payments.sandbox.urls")))
