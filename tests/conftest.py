"""Shared fixtures.

Every test session starts from the site's fixed structure, built once by ``setup_site``
as on a real installation (home page, the seven sections, the 49 municipalities, the
register page with its taxonomies, roles and abbreviations). Each test runs in a
transaction that is rolled back and builds what else it needs with the factories in
``tests/factories``.

The demo site is the fixture only for tests about the demo itself (``tests/demo/``) and
for the browser tests (``tests/browser/``): their packages put it in place while they run
(``use_demo_site``: built once, then restored from a snapshot) and the bare structure back
afterwards, so no other test ever sees it, in whatever order the tests run.

Markers: ``browser`` (tests/browser, Chromium), ``demo`` (needs the demo site), ``slow``
(builds a large site or starts Django in a subprocess). ``pytest -m "not browser and not
slow"`` is the quick subset. ``make test`` runs the suite in parallel (pytest-xdist, one
test database per worker); the demo tests form one group that runs on one worker, first.
"""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from core.caching import content_changed

TESTS = Path(__file__).parent
DEMO_DIRECTORIES = (TESTS / "browser", TESTS / "demo")
# The database serialized after building the structure, and after building the demo site.
SNAPSHOTS = {}


def pytest_itemcollected(item):
    """Mark tests by directory (before ``-m`` selects by marker)."""
    path = Path(item.path)
    if path.is_relative_to(TESTS / "browser"):
        item.add_marker(pytest.mark.browser)
    if any(path.is_relative_to(directory) for directory in DEMO_DIRECTORIES):
        item.add_marker(pytest.mark.demo)
        item.add_marker(pytest.mark.xdist_group("demo"))
        if not path.is_relative_to(TESTS / "browser"):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The demo site's tests form one group and run first.

    The sort is stable and runs after pytest-django's (which puts transactional tests after
    the others), so within each group that order is kept.
    """

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,))))

    items.sort(key=lambda item: (item.get_closest_marker("demo") is None, transactional(item)))


def clear_caches():
    """Empty every cache, and this process's copies of what is cached (as a publication
    does), so that nothing one test left behind reaches the next."""
    for alias in settings.CACHES:
        caches[alias].clear()
    content_changed(structure=True)


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    """``{location: lastmod}`` of every entry of every file the sitemap index lists."""
    from urllib.parse import urlsplit

    from defusedxml import ElementTree as ET

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    entries = {}
    for location in index.iterfind(f"{SITEMAP_NS}sitemap/{SITEMAP_NS}loc"):
        url = urlsplit(location.text)
        response = client.get(url.path, QUERY_STRING=url.query)
        assert response.status_code == 200, location.text
        assert response["Content-Type"].startswith("application/xml")
        root = ET.fromstring(response.content)
        assert root.tag == f"{SITEMAP_NS}urlset"
        for entry in root.iterfind(f"{SITEMAP_NS}url"):
            lastmod = entry.find(f"{SITEMAP_NS}lastmod")
            loc = entry.find(f"{SITEMAP_NS}loc").text
            assert loc not in entries, f"{loc} is in two sitemap files"
            entries[loc] = lastmod.text if lastmod is not None else None
    return entries


def restore(snapshot):
    """Replace everything in the database with ``snapshot`` (outside any transaction)."""
    # Sequences keep counting (as in Django's own flush between tests): rows restored with
    # their old ids must not be handed out again.
    call_command(
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
    )
    # Content types first: the snapshot lists them late (app order) and, if a page came
    # first, a signal handler asking for its content type would create one with a new id.
    content_types = [o for o in json.loads(snapshot) if o["model"] == "contenttypes.contenttype"]
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(json.dumps(content_types))
    connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()
    clear_caches()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("setup_site", stdout=io.StringIO())
        SNAPSHOTS["structure"] = connection.creation.serialize_db_to_string()


def ensure_demo_site():
    """The demo site in the database (committed): built the first time, later restored from
    its snapshot (also after a transactional test flushed the database)."""
    from pages.models import GroupPage

    if GroupPage.objects.exists():  # the structure alone has no groups
        return
    if "demo" in SNAPSHOTS:
        restore(SNAPSHOTS["demo"])
        return
    call_command("setup_site", "--demo", stdout=io.StringIO())
    SNAPSHOTS["demo"] = connection.creation.serialize_db_to_string()
    clear_caches()


def use_demo_site(django_db_blocker):
    """For a package-scoped fixture: the demo site while the package's tests run, the bare
    structure again after them."""
    with django_db_blocker.unblock():
        ensure_demo_site()
    yield
    with django_db_blocker.unblock():
        restore(SNAPSHOTS["structure"])


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: a rolled-back test must not leave pages behind."""
    clear_caches()
    yield
    clear_caches()


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
