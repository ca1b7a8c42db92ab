"""``core.locale.LocaleMiddleware`` decides each request's language exactly as Django's does on a site without
``i18n_patterns``: same active language, ``request.LANGUAGE_CODE``, ``Content-Language`` and ``Vary``."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from motcua.core.locale import LocaleMiddleware

_tags = st.sampled_from(["vi", "en", "en-US", "vi-VN", "fr", "zh-hans", "*", "EN", "xx-yy", ""])
_accept = st.lists(
    st.tuples(_tags, st.sampled_from(["", ";q=0.9", ";q=0.1", ";q=0", ";q=1.0", ";q=abc"])), max_size=4
).map(lambda parts: ", ".join(tag + q for tag, q in parts))


def _answer(middleware: type[DjangoLocaleMiddleware], request: HttpRequest) -> tuple[str, str, str | None, str]:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(translation.get_language())

    with translation.override(None):
        response = cast(HttpResponse, middleware(view)(request))
        return response.content.decode(), request.LANGUAGE_CODE, response.get("Vary"), response["Content-Language"]


@hypothesis_settings(deadline=None)  # the first request loads the URLconf
@given(accept=_accept, cookie=st.none() | _tags, path=st.sampled_from(["/", "/en/", "/vi/tra-cuu/", "/api/v1/x"]))
def test_the_language_is_decided_as_django_decides_it(accept: str, cookie: str | None, path: str) -> None:
    factory = RequestFactory()

    def request() -> HttpRequest:
        made = factory.get(path, HTTP_ACCEPT_LANGUAGE=accept)
        if cookie is not None:
            made.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
        return made

    assert _answer(LocaleMiddleware, request()) == _answer(DjangoLocaleMiddleware, request())
