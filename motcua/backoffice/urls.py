from django.urls import include, path

from motcua.backoffice import calendar_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/", include("motcua.backoffice.desk_urls")),
    path("statistics/", include("motcua.backoffice.statistics_urls")),
    path("calendar/", calendar_views.calendar_view, name="calendar"),
    path("calendar/<int:year>/", calendar_views.calendar_view, name="calendar-year"),
    path("calendar/<int:year>/declare/", calendar_views.calendar_declare, name="calendar-declare"),
    path("calendar/exceptions/<int:pk>/withdraw/", calendar_views.calendar_withdraw, name="calendar-withdraw"),
    path("catalog/", include("motcua.backoffice.catalog_urls")),
    path("registry/", include("motcua.backoffice.registry_urls")),
    path("payments/", include("motcua.backoffice.payment_urls")),
    path("feedback/", include("motcua.backoffice.feedback_urls")),
]
