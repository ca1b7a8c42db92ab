"""Back-office URLs: fees collected at the counter, refunds, reconciliation (views in payment_views.py)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
