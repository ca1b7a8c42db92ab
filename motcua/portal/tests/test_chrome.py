"""The pages' chrome (header, footer, asset links) is rendered once per process and language: what is cached
must still follow the reader's language, and nothing personal may be cached with it."""

import pytest
from django.core.cache import caches

from motcua.accounts.constants import UserKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_chrome():
    caches["chrome"].clear()
    yield
    caches["chrome"].clear()


def test_each_language_gets_its_own_chrome(client):
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tra cứu hồ sơ" in vietnamese and "Tra cứu hồ sơ" in again
    assert "Track a dossier" in english and "Tra cứu hồ sơ" not in english
    assert "Track a dossier" not in again
    for page in (vietnamese, english):
        assert "/static/" in page and "govuk-footer" in page


def test_the_personal_parts_are_not_cached(client, make_user):
    anonymous = client.get("/").content.decode()
    assert 'govuk-header__link" href="/accounts/login/"' in anonymous and "/accounts/logout/" not in anonymous
    client.force_login(make_user(UserKind.CITIZEN), backend="motcua.accounts.backends.LoginBackend")
    citizen = client.get("/").content.decode()
    assert "/accounts/logout/" in citizen and "/my-dossiers/" in citizen
    assert 'govuk-header__link" href="/accounts/login/"' not in citizen
    tokens = {
        page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        for page in (citizen, client.get("/").content.decode())
    }
    assert len(tokens) == 2  # each page masks its own CSRF token
    assert 'name="next" type="hidden" value="/procedures/"' in client.get("/procedures/").content.decode()
