"""Portal URLs: my dossiers (views in dossier_views.py)."""

from django.urls import URLPattern, URLResolver, path

from motcua.portal import dossier_views as v

urlpatterns: list[URLPattern | URLResolver] = [
    path("", v.dossier_list, name="my_dossiers"),
    path("notifications/", v.notification_list, name="my_notifications"),
    path("notifications/read/", v.notifications_read, name="my_notifications_read"),
    path("<str:code>/", v.dossier_detail, name="my_dossier"),
    path("<str:code>/supplement/", v.dossier_supplement, name="my_dossier_supplement"),
    path("<str:code>/withdraw/", v.dossier_withdraw_view, name="my_dossier_withdraw"),
    path("<str:code>/rate/", v.dossier_rate, name="my_dossier_rate"),
    path("<str:code>/complain/", v.dossier_complain, name="my_dossier_complain"),
    path("<str:code>/slips/<str:kind>/", v.dossier_slip_download, name="my_dossier_slip"),
]
