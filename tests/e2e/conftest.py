"""Fixtures for browser tests: a live server, one Chromium for the run, a fresh watched page per test.

Test data. pytest-django's ``live_server`` needs transactional database semantics (the server thread
must see committed rows), and a transactional test ends with a flush of every table: that would also
wipe the Hà Nội units and demo agencies which the root ``conftest.py`` loads once per session. So when a
run includes browser tests, a snapshot of the database is taken right after ``django_db_setup`` (before
any test, of any directory, can flush it), and after each browser test the ``pytest_runtest_teardown``
hook below puts it back exactly (same primary keys, content types included) before the next test runs.
The hook runs after all fixture teardowns, including pytest-django's flush, which a fixture could not
guarantee (pytest-django's autouse ``_live_server_helper`` sets up ``transactional_db`` before any fixture
of ours). If another transactional test flushed the database without restoring it, the ``server`` fixture
restores the snapshot before the browser test starts.

Browser. Playwright and Chromium start with the first browser test and stop as soon as the next test is
not a browser test (or the run ends): with ``-m e2e`` that is one browser per session.

Writing a test: mark it ``@pytest.mark.e2e`` (enforced below), take ``page`` (a new page in a new
context, Vietnamese browser unless the test parametrizes ``browser_locale``), navigate with paths
(``page.goto("/")``: the context's base URL is the live server), and call ``audit(page)`` on every
page state worth checking: it fails on serious/critical axe violations and on any CSP violation,
JavaScript error or failed sub-resource so far. The same problems also fail the test at teardown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer
from pytest_django.plugin import DjangoDbBlocker, blocking_manager_key

from motcua.geo.models import Unit
from tests.e2e.support import (
    LOCALES,
    VIEWPORT,
    BrowserSession,
    PageProblems,
    TableRows,
    assert_accessible,
    db_restore,
    db_snapshot,
)

HERE = Path(__file__).parent
_session = BrowserSession()
_snapshot = pytest.StashKey[list[TableRows]]()


def _is_browser_test(item: pytest.Item | None) -> bool:
    return item is not None and HERE in Path(str(item.path)).parents


class _SnapshotOnDbSetup:
    """Plugin (global, unlike this conftest's own hooks): snapshot the test database once it is set up."""

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(
        self, fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest
    ) -> Generator[None, object, object]:
        result = yield
        # The root conftest's django_db_setup (which loads the data) wraps pytest-django's: the last one to
        # finish leaves the snapshot.
        if fixturedef.argname == "django_db_setup":
            with request.config.stash[blocking_manager_key].unblock():
                request.config.stash[_snapshot] = db_snapshot()
        return result


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(_is_browser_test(item) for item in session.items):
        session.config.pluginmanager.register(_SnapshotOnDbSetup(), "motcua-e2e-snapshot-on-db-setup")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("e2e") is None:
        raise pytest.UsageError(f"{item.nodeid}: tests in tests/e2e must be marked @pytest.mark.e2e")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    try:
        return (yield)
    finally:
        try:
            snapshot = item.config.stash.get(_snapshot, None)
            # At the end of the run the test database is already gone; nothing needs the data any more.
            if snapshot is not None and nextitem is not None and "live_server" in getattr(item, "fixturenames", ()):
                blocker = item.config.stash[blocking_manager_key]
                with blocker.unblock():
                    db_restore(snapshot)
        finally:
            if not _is_browser_test(nextitem):
                _session.stop()


@pytest.fixture(scope="session")
def _db_snapshot(
    pytestconfig: pytest.Config, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[list[TableRows]]:
    snapshot = pytestconfig.stash.get(_snapshot, None)
    if snapshot is None:  # not taken at set-up (should not happen): take it now, if the data is still there
        with django_db_blocker.unblock():
            assert Unit.objects.exists(), "the reference data loaded by conftest.py is gone: no snapshot to restore"
            snapshot = pytestconfig.stash[_snapshot] = db_snapshot()
    assert any(t.table == Unit._meta.db_table for t in snapshot), "the database snapshot has no units"
    yield snapshot
    # Torn down just before the test database: close the connections opened while Playwright ran (see
    # BrowserSession.browser), which pytest-django does not know of; PostgreSQL refuses to drop a database
    # that still has sessions.
    connections.close_all()


@pytest.fixture
def server(_db_snapshot: list[TableRows], live_server: LiveServer, django_db_blocker: DjangoDbBlocker) -> LiveServer:
    """The live server, with the session's reference data in the database and no rate-limit history."""
    with django_db_blocker.unblock():
        if not Unit.objects.exists():  # flushed by some other transactional test
            db_restore(_db_snapshot)
    caches["default"].clear()  # login rate limits count per client address: 127.0.0.1 for every test
    return live_server


# These replace pytest-playwright's fixtures of the same names (whose session-long driver would keep an
# asyncio loop "running" under every later test, and which cannot point at Debian's Chromium by default).
# pytest-playwright's command-line options (--browser, --headed, --tracing, --screenshot…) do not apply.
@pytest.fixture
def playwright() -> Playwright:
    return _session.playwright()


@pytest.fixture
def browser() -> Browser:
    """Debian's Chromium, shared by consecutive browser tests."""
    return _session.browser()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (Accept-Language): ``vi``, ``en`` or any BCP 47 tag. Parametrize to change."""
    return "vi"


@pytest.fixture
def problems(server: LiveServer) -> PageProblems:
    """What the pages of this test's browser context did wrong (see ``PageProblems``)."""
    return PageProblems(origin=server.url)


@pytest.fixture
def context(
    browser: Browser, server: LiveServer, browser_locale: str, problems: PageProblems
) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=server.url,
        locale=LOCALES.get(browser_locale, browser_locale),
        timezone_id="Asia/Ho_Chi_Minh",
        viewport=VIEWPORT,
    )
    context.set_default_timeout(10_000)
    problems.watch(context)
    yield context
    try:
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):  # a test that failed mid-navigation has its own error
                page.evaluate("() => 0")  # deliver pending console and violation events
    finally:
        context.close()
    problems.assert_clean()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def audit(problems: PageProblems) -> Callable[[Page], None]:
    """``audit(page)``: axe (no serious/critical violation) and no CSP violation, JS error or failed load."""

    def check(page: Page) -> None:
        assert_accessible(page)  # also a round trip that delivers pending browser events
        problems.assert_clean()

    return check
