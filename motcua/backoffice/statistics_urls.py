from django.urls import URLPattern, path

from motcua.backoffice import statistics_views

urlpatterns: list[URLPattern] = [
    path("", statistics_views.leaders_dashboard, name="statistics_dashboard"),
]
