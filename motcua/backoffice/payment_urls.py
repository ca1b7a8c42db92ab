"""Back-office URLs: fees collected at the counter, refunds, reconciliation (views in payment_views.py)."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice import payment_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.payment_list, name="payments_list"),
    path("request/", views.payment_request_view, name="payments_request"),
    path("<int:payment_id>/", views.payment_detail, name="payments_detail"),
    path("<int:payment_id>/collect/", views.payment_collect_view, name="payments_collect"),
    path("<int:payment_id>/refund/", views.payment_refund_view, name="payments_refund"),
    path("<int:payment_id>/cancel/", views.payment_cancel_view, name="payments_cancel"),
    path("<int:payment_id>/receipt/", views.payment_receipt, name="payments_receipt"),
]
