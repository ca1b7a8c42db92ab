"""Back-office URLs: complaints about the handling of dossiers (views in feedback_views.py)."""

from django.urls import URLPattern, URLResolver, path

from motcua.backoffice import feedback_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.complaint_list, name="feedback_complaints"),
    path("<int:complaint_id>/", views.complaint_detail, name="feedback_complaint"),
]
