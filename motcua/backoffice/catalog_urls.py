from django.urls import path

from motcua.backoffice import catalog_views

urlpatterns = [
    path("", catalog_views.catalog_home, name="catalog_home"),
    path("new/", catalog_views.procedure_new, name="catalog_new"),
    path("<str:code>/", catalog_views.procedure_versions, name="catalog_procedure"),
    path("<str:code>/edit/", catalog_views.procedure_edit, name="catalog_edit"),
    path("<str:code>/versions/<int:number>/publish/", catalog_views.procedure_publish, name="catalog_publish"),
    path("<str:code>/versions/<int:number>/retire/", catalog_views.procedure_retire, name="catalog_retire"),
    path("<str:code>/versions/<int:number>/preview/", catalog_views.procedure_preview, name="catalog_preview"),
]
