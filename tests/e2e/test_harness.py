"""The browser checks themselves: each one must catch the fault it exists for, in a real page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, Page

from tests.e2e.support import PageProblems, db_restore, db_snapshot, png_info

pytestmark = pytest.mark.e2e


def test_pages_are_served_with_a_strict_csp(page: Page) -> None:
    response = page.goto("/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]


def test_an_inline_script_is_caught_as_a_csp_violation(page: Page, audit, problems: PageProblems) -> None:
    page.goto("/")
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'injected'")
    with pytest.raises(AssertionError, match="Content-Security-Policy violations") as caught:
        audit(page)
    assert "script-src" in str(caught.value)
    assert any("securitypolicyviolation" in line for line in problems.csp), problems.csp  # the DOM event
    assert any("console" in line for line in problems.csp), problems.csp  # and the console message
    problems.clear()


def test_an_inline_style_is_caught_as_a_csp_violation(page: Page, audit, problems: PageProblems) -> None:
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'h1 {color: red}'; document.head.append(s); }"
    )
    with pytest.raises(AssertionError, match="style-src"):
        audit(page)
    problems.clear()


def test_an_accessibility_violation_is_caught(page: Page, audit) -> None:
    page.goto("/")
    page.evaluate(
        """() => { const img = document.createElement('img');
                   img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';
                   document.querySelector('main').append(img); }"""
    )
    with pytest.raises(AssertionError, match=r"\[critical\] image-alt"):
        audit(page)


def test_a_missing_static_file_is_caught(page: Page, audit, problems: PageProblems) -> None:
    page.goto("/")
    page.evaluate(
        "() => new Promise((done) => { const l = document.createElement('link'); l.rel = 'stylesheet';"
        " l.href = '/static/css/missing.css'; l.onerror = done; document.head.append(l); })"
    )
    with pytest.raises(AssertionError, match=r"404 stylesheet .*/static/css/missing\.css"):
        audit(page)
    problems.clear()


def test_png_check_rejects_a_broken_file() -> None:
    with pytest.raises(AssertionError, match="not a PNG"):
        png_info(b"GIF89a")


def test_database_snapshot_round_trip(server, make_user, commune_pc) -> None:
    """What the teardown hook relies on to undo a live-server test's flush: an exact copy back."""
    before = db_snapshot()
    assert any(t.table == "geo_unit" for t in before)
    make_user(full_name="Lê Thị Thu")
    type(commune_pc).objects.filter(pk=commune_pc.pk).update(name="Ủy ban nhân dân (đổi tên)")
    assert db_snapshot() != before
    db_restore(before)
    assert db_snapshot() == before
