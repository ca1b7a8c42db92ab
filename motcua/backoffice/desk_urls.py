from django.urls import path

from motcua.backoffice import desk_actions, desk_intake, desk_views

urlpatterns = [
    path("", desk_views.worklist, name="desk_worklist"),
    path("intake/", desk_intake.intake, name="desk_intake"),
    path("assign/", desk_views.bulk_assign, name="desk_bulk_assign"),
    path("dossiers/<str:code>/", desk_views.detail, name="desk_dossier"),
    path("dossiers/<str:code>/slips/<str:kind>/", desk_views.slip, name="desk_slip"),
    path("dossiers/<str:code>/<str:action>/", desk_actions.act, name="desk_act"),
]
