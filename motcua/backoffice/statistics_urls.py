from django.urls import URLPattern, path

from motcua.backoffice import statistics_views

urlpatterns: list[URLPattern] = [
    path("", statistics_views.leaders_dashboard, name="statistics_dashboard"),
    path("form06/", statistics_views.form06_page, name="statistics_form06"),
    path("form06.xlsx", statistics_views.form06_download, name="statistics_form06_xlsx"),
    path("index766/", statistics_views.index766_page, name="statistics_index766"),
    path("dossiers/", statistics_views.dossiers_page, name="statistics_dossiers"),
    path("dossiers/<str:code>/", statistics_views.dossier_summary_page, name="statistics_dossier"),
]
