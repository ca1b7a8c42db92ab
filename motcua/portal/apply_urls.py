"""Portal URLs: apply online (views in apply_views.py)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal import apply_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="apply_index"),
    path("start/<str:code>/", views.start, name="apply_start"),
    path("documents/<int:document_id>/", views.document, name="apply_document"),
    path("<uuid:key>/", views.resume, name="apply_resume"),
    path("<uuid:key>/where/", views.agency, name="apply_agency"),
    path("<uuid:key>/case/", views.case, name="apply_case"),
    path("<uuid:key>/form/", views.form, name="apply_form"),
    path("<uuid:key>/form/save/", views.autosave, name="apply_autosave"),
    path("<uuid:key>/files/<int:index>/", views.component, name="apply_component"),
    path("<uuid:key>/review/", views.review, name="apply_review"),
    path("<uuid:key>/submit/", views.submit, name="apply_submit"),
    path("<uuid:key>/done/", views.done, name="apply_done"),
    path("<uuid:key>/delete/", views.delete, name="apply_delete"),
]
