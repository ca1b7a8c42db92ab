from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.i18n import set_language
from django_otp.admin import OTPAdminSite
from ninja.openapi.views import openapi_view

from motcua.api.api import api
from motcua.core.health import health_view
from motcua.core.metrics import metrics_view

if settings.OFFICIAL_TOTP_REQUIRED:
    # Operators log in to the admin with their second factor too.
    admin.site.__class__ = OTPAdminSite


@csp_update({"style-src": ["'unsafe-inline'"]})
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI, served from the django-ninja package (no CDN). It styles itself inline: the one page
    whose CSP allows inline styles."""
    return openapi_view(request, api=api)


# The API first: its public look-up is the busiest route, and a path is matched against patterns in order.
urlpatterns = [
    path("api/v1/docs", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("", include("motcua.portal.urls")),
    path("accounts/", include("motcua.accounts.urls")),
    path("backoffice/", include("motcua.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", health_view, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
]
