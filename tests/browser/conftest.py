"""Fixtures for the browser tests: one Chromium, one live server, the session's demo site.

Why not pytest-django's ``live_server``: it gives every test that uses it transactional
database access, which flushes the whole database after each test, and the demo site would
have to be restored before every browser test. Nearly all browser tests only read, so they
use the ordinary ``db`` fixture like the rest of the suite, and a live server of their own in
front of the demo site, which this package puts in place while it runs
(``tests.conftest.use_demo_site``). Guarantees instead of a flush:

* the demo site is there: if a transactional test flushed the database, it is restored from
  its snapshot before the next browser test, and the bare structure after the last one;
* a read-only browser test leaves the database as it found it: the row count of every table
  is compared before and after (with PostgreSQL the live server commits whatever it
  writes), so the rest of the suite passes whether it runs before or after;
* a journey that writes through the live server (a login, a form) is marked
  ``@pytest.mark.django_db(transaction=True)``: pytest-django runs it after the other
  database tests, flushes after it, and the demo site is restored as above.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright. It is required:
if it is missing the tests fail with a message saying so; they never skip, so CI cannot go
green without running them.
"""

import os

import pytest
from django.db import connection, connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.conftest import ensure_demo_site, use_demo_site

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Image renditions are a cache Wagtail fills on the first view of an image: reading a page
# may add them, and that changes nothing a later test could notice.
CACHE_TABLES = {"wagtailimages_rendition"}


def _row_counts():
    tables = sorted(
        set(connection.introspection.django_table_names(True, include_views=False)) - CACHE_TABLES
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Table names come from Django's introspection, quoted: nothing user-supplied.
        counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture(scope="session")
def site_server(django_db_setup):
    """A live server on a free port in front of the demo site, shared by every browser test.

    It has its own database connections and sees what is committed.
    """
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(scope="package", autouse=True)
def _demo(django_db_setup, django_db_blocker):
    yield from use_demo_site(django_db_blocker)


@pytest.fixture
def _demo_site_present(django_db_blocker):
    with django_db_blocker.unblock():
        ensure_demo_site()


@pytest.fixture(autouse=True)
def _browser_database(request, _demo_site_present, browser, db, site_server):
    """Every browser test uses the test database; a read-only one must leave it as it was.

    ``_demo_site_present`` comes first so that a restore happens before ``db`` opens the
    test's transaction.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        yield
        return
    before = _row_counts()
    yield
    after = _row_counts()
    changed = {t: f"{before[t]} -> {after[t]}" for t in before if before[t] != after[t]}
    assert not changed, (
        "A browser test must leave the database as it found it (the rest of the suite "
        f"shares the demo site), but rows were added or removed: {changed}. A journey that "
        "writes must be marked django_db(transaction=True)."
    )


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the browser tests, closed when the last one is done.

    Playwright's sync API keeps an asyncio loop marked as running in this thread while it
    runs, and Django refuses ORM calls from such a thread. That loop only carries
    Playwright's pipe to the browser and never runs Django code, so the ORM is safe here;
    Django is told so for exactly as long as Playwright runs. Package scope rather than
    session for the same reason: once Playwright stops, the loop is gone and tests collected
    after this package run with Django's check in place.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is required for the browser tests and was not found at {CHROMIUM}. "
            "Install it with `apt-get install -y chromium` (.ci/run does so in CI), or set "
            "CHROMIUM_PATH to a Chromium executable.",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright runs, Django hands this thread other connection objects than
        # before (its connection store follows the asyncio context). Close them, or
        # PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture
def visit(browser, site_server):
    """Open a path in a fresh browser context: ``visit(path, width=320)`` returns the page.

    The response must have the expected status, and the test fails if the browser logs an
    error, which is how Chromium reports anything the strict Content-Security-Policy
    blocked (an inline style or script), a script error or a missing stylesheet. A page
    that answers with an error status on purpose (404, a form answering 400) is logged as
    a failed load too; that is the test's business, so it is left out.
    """
    contexts = []
    messages = []  # (url of the document, url the message is about, text)
    error_pages = set()

    def open_page(path, *, width=1280, height=900, status=200, reduced_motion="no-preference"):
        context = browser.new_context(
            base_url=site_server.url,
            viewport={"width": width, "height": height},
            locale="sv-SE",
            reduced_motion=reduced_motion,
        )
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                messages.append((page.url, message.location.get("url"), message.text))

        def on_response(response):
            if response.request.is_navigation_request() and response.status >= 400:
                error_pages.add(response.url)

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: messages.append((page.url, None, str(error))))
        response = page.goto(path)
        assert response is not None and response.status == status, (
            f"{path} answered {response and response.status}, expected {status}"
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    errors = [
        f"{page_url}: {text}"
        for page_url, url, text in messages
        if not (text.startswith("Failed to load resource") and url in error_pages)
    ]
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)
