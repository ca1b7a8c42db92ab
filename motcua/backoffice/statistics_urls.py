from django.urls import path

from motcua.portal import catalog_views

urlpatterns = [
    path("", catalog_views.procedure_list, name="procedure_list"),
    path("<str:code>/", catalog_views.procedure_detail, name="procedure_detail"),
]
