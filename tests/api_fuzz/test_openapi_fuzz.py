"""Fuzz every API operation from the committed OpenAPI document (schemathesis, through WSGI).

Checks: no server error, responses match their documented schema and status codes, content types as
documented, schema-invalid input refused. Problem responses must be application/problem+json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from schemathesis.checks import positive_data_acceptance

from motcua.wsgi import application

DOCUMENT = json.loads((Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json").read_text("utf-8"))
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI handler directly fires request_started/finished, which close the database
    connection: fine in production, fatal inside a test transaction (Django's test client disconnects
    the same handlers)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    response = case.call(app=application)
    # Schema-valid input may still break a domain rule (a random "PDF", a deadline 10,000 days out): a 4xx
    # problem for it is right, so only the reverse check applies (schema-invalid input must be refused).
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400 and response.status_code != 405:  # 405 (wrong method) has no body
        content_type = response.headers.get("content-type", ["(none)"])[0]
        assert content_type.startswith("application/problem+json"), (response.status_code, content_type)
