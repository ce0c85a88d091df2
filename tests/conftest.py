"""Shared fixtures.

Every test session starts from the site's fixed structure, built once by ``setup_site``
as on a real installation (home page, the seven sections, the 49 municipalities, the
register page with its taxonomies, roles and abbreviations). Each test runs in a
transaction that is rolled back and builds what else it needs with the factories in
``tests/factories``.

The demo site is the fixture only for tests about the demo itself (``tests/demo/``) and
for the browser tests (``tests/browser/``): ``demo_site`` builds it once, after every
other test has run (``pytest_collection_modifyitems`` moves those tests last), so no
other test sees it.

Markers: ``browser`` (tests/browser, Chromium), ``demo`` (needs the demo site), ``slow``
(builds a large site or starts Django in a subprocess). ``pytest -m "not browser and not
slow"`` is the quick subset.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

TESTS = Path(__file__).parent
DEMO_DIRECTORIES = (TESTS / "browser", TESTS / "demo")
# The demo site as it was built, serialized, for restoring it after a transactional test
# flushed the database (tests/browser/conftest.py).
DEMO_SNAPSHOT = {}


def pytest_collection_modifyitems(config, items):
    """Mark tests by directory and run the ones that need the demo site last.

    The sort is stable and runs after pytest-django's (which puts transactional tests after
    the others), so within each group that order is kept.
    """
    for item in items:
        path = Path(item.path)
        if path.is_relative_to(TESTS / "browser"):
            item.add_marker(pytest.mark.browser)
        if any(path.is_relative_to(directory) for directory in DEMO_DIRECTORIES):
            item.add_marker(pytest.mark.demo)
            if not path.is_relative_to(TESTS / "browser"):
                item.add_marker(pytest.mark.slow)

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))))

    items.sort(key=lambda item: (transactional(item), item.get_closest_marker("demo") is not None))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("setup_site", stdout=io.StringIO())


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site (``setup_site --demo``), built once and committed."""
    with django_db_blocker.unblock():
        call_command("setup_site", "--demo", stdout=io.StringIO())
        DEMO_SNAPSHOT["default"] = connection.creation.serialize_db_to_string()
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: a rolled-back test must not leave pages behind."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def admin_client_logged_in(db, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="testadmin", email="admin@example.org", password="x-test-password-1"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def render_queries(client, django_assert_max_num_queries):
    """``render_queries(url, budget, **params)``: how many SQL queries rendering a page costs.

    The first request fills the shared caches (menu, footer, filter options, fragments), as
    on a running server; the whole-page cache is then emptied so the measured request really
    renders the page instead of replaying a stored copy.
    """

    def measure(url, budget, **params):
        client.get(url, params)
        caches["pages"].clear()
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url, params)
        assert response.status_code == 200, url
        return response

    return measure


@pytest.fixture
def redis_url():
    """A Redis database for tests: REDIS_TEST_URL (CI sets it), else skip."""
    import os

    import redis

    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    return url
