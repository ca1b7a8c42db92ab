import os
import secrets
import subprocess
import sys

import pytest


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "MOTCUA_PRODUCTION": "true",
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(64),
        "MOTCUA_ALLOWED_HOSTS": "dichvucong.example.vn",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "motcua.settings.base",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "MOTCUA_PRODUCTION": "true",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "motcua.settings.base",
    }
    env.pop("MOTCUA_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_carry_strict_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_only_the_api_docs_allow_inline_styles(client):
    assert "'unsafe-inline'" in client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/api/v1/docs")["Content-Security-Policy"].split("style-src")[0]


@pytest.mark.django_db
def test_api_is_rate_limited_per_address(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.RATELIMIT_API = "3/m"
    codes = [
        client.get("/api/v1/geo/units", {"parent": "01"}, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/geo/units", REMOTE_ADDR="198.51.100.7")
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["code"] == "rate_limited"
    assert client.get("/api/v1/geo/units", REMOTE_ADDR="198.51.100.8").status_code == 200
