from django.urls import path

from motcua.backoffice import delegation_views, desk_actions, desk_intake, desk_views, results_views, signing_views

urlpatterns = [
    path("", desk_views.worklist, name="desk_worklist"),
    path("intake/", desk_intake.intake, name="desk_intake"),
    path("assign/", desk_views.bulk_assign, name="desk_bulk_assign"),
    path("sign/", signing_views.sign, name="desk_sign"),
    path("results/", results_views.register, name="desk_results"),
    path("results/<int:pk>/", results_views.result_change, name="desk_result"),
    path("results/<int:pk>/pdf/", results_views.result_pdf, name="desk_result_pdf"),
    path("delegations/", delegation_views.delegations, name="desk_delegations"),
    path("delegations/<int:pk>/withdraw/", delegation_views.withdraw, name="desk_delegation_withdraw"),
    path("dossiers/<str:code>/", desk_views.detail, name="desk_dossier"),
    path("dossiers/<str:code>/slips/<str:kind>/", desk_views.slip, name="desk_slip"),
    path("dossiers/<str:code>/<str:action>/", desk_actions.act, name="desk_act"),
]
