"""Shared fixtures. The demo content is built once per test session and every test runs in
a transaction that is rolled back, so tests see the same realistic site and cannot leak
changes into each other."""

import io

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from pages.models import HomePage, SectionPage

DEMO_SNAPSHOT = {}  # database alias -> the demo site, serialized (see django_db_setup)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("setup_site", "--demo", stdout=io.StringIO())
        # A snapshot of the demo site, so that whatever flushes the database (a
        # transactional test) can be followed by a restore: tests/browser/conftest.py does
        # that, and Django's serialized rollback finds it where it looks for it, instead of
        # the empty post-migration state it serialized before the demo site was built.
        DEMO_SNAPSHOT["default"] = connection.creation.serialize_db_to_string()
        connection._test_serialized_contents = DEMO_SNAPSHOT["default"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: a rolled-back test must not leave pages behind."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def sections(db):
    """All sections keyed by short name."""
    return {s.short_name: s for s in SectionPage.objects.all()}


@pytest.fixture
def client():
    return Client()


def first_of_type(model, **filters):
    page = model.objects.live().filter(**filters).order_by("path").first()
    assert page is not None, f"demo content has no live {model.__name__}"
    return page


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

    The first request fills the shared caches (menu, footer, filter options, the site's
    root paths), as on a running server; the whole-page cache is then emptied so the
    measured request really renders the page instead of replaying a stored copy.
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
