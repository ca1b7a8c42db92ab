"""Routes of the sandbox gateway (included by the portal under /pay/sandbox/ when enabled)."""

from django.urls import URLPattern, path

from motcua.payments.sandbox import views

urlpatterns: list[URLPattern] = [
    path("vnpay/", views.vnpay_pay, name="payments_sandbox_vnpay"),
    path("vnpay/api/", views.vnpay_api, name="payments_sandbox_vnpay_api"),
    path("paygov/api/", views.paygov_api, name="payments_sandbox_paygov_api"),
    path("checkout/<str:token>/", views.checkout, name="payments_sandbox_checkout"),
]
