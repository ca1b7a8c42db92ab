from django.urls import path

from motcua.portal import privacy_views

urlpatterns = [
    path("", privacy_views.accesses, name="privacy_accesses"),
    path("accesses/<int:log_id>/flag/", privacy_views.flag, name="privacy_flag"),
]
