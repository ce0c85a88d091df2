"""Issue 22: with Redis down the site keeps its page cache and its rate limits (each process
falls back to its own memory), and a publication made during the outage shows once Redis
is back. The real stop/start under load is ``scripts/fault_check.sh``."""

import pytest
from django.core.cache import caches
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

import core.cache
from core import caching
from pages.models.forms import SURVEY_RATE_LIMIT
from tests.factories.forms import answers
from tests.factories.forms import survey as make_survey
from tests.factories.pages import ContentPageFactory, section
from tests.test_faults import redis_down  # noqa: F401  (fixture)
from tests.test_search import titles as search_titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_invalidation_left_pending():
    """Runs after the settings are restored: an invalidation this test could not store in
    its dead Redis is not repeated in whatever test runs next in this process."""
    yield
    caching.content_changed()


def test_survey_rate_limit_keeps_working_without_redis(redis_down):  # noqa: F811
    survey = make_survey()
    client = Client()
    for _ in range(SURVEY_RATE_LIMIT.limit):
        assert client.post(survey.url, answers(survey)).status_code == 303
    response = client.post(survey.url, answers(survey))
    assert response.status_code == 429
    assert "Svaren har inte skickats ännu" in response.content.decode()
    assert FormSubmission.objects.filter(page=survey).count() == SURVEY_RATE_LIMIT.limit


def test_pages_stay_cached_while_redis_is_down(redis_down, django_assert_max_num_queries):  # noqa: F811
    """Without the fallback every read of the content version made a new one, so no page
    was ever answered from the page cache during an outage."""
    redis_down.CONTENT_VERSION_SECONDS = 0  # read the version on every request
    client = Client()
    url = section("Fyrbodal").url
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.fixture
def live_redis(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.cache.FailsafeRedisCache", "LOCATION": redis_url},
    }
    caches["default"].clear()
    caching.content_changed()
    yield caches["default"], redis_url
    core.cache.mark_available(redis_url)
    caches["default"].clear()


def test_a_publication_during_an_outage_shows_once_redis_is_back(live_redis, settings):
    cache, url = live_redis
    settings.CONTENT_VERSION_SECONDS = 0
    page = ContentPageFactory(parent=section("Fyrbodal"), title="Före avbrottet")
    client = Client()
    assert "Före avbrottet" in client.get(page.url).content.decode()
    before = cache.get(caching.VERSION_KEY)

    # Redis goes away (the circuit breaker is open: nothing is sent to it).
    core.cache.mark_unavailable(url, float("inf"))
    page.title = "Publicerad under avbrottet"
    page.save_revision().publish()
    assert "Publicerad under avbrottet" in client.get(page.url).content.decode()

    # Redis is back: the next request stores the new version for every other process.
    core.cache.mark_available(url)
    assert "Publicerad under avbrottet" in client.get(page.url).content.decode()
    assert cache.get(caching.VERSION_KEY) not in (None, before)
    assert caching.content_version().startswith(f"{cache.get(caching.VERSION_KEY)}.")


def test_a_page_renamed_during_an_outage_is_searched_as_renamed_once_redis_is_back(live_redis):
    """The search index's rankings kept in Redis are brought up to date from a log of
    changed pages; a page saved while Redis was away was logged in that process only, so
    once Redis is back every kept ranking is made anew."""
    _, url = live_redis
    renamed = ContentPageFactory(parent=section("Fyrbodal"), title="Före avbrottet")
    ContentPageFactory(parent=section("Fyrbodal"), title="Avbrottet i mars")
    client = Client()
    assert sorted(search_titles(client, "avbrottet")) == ["Avbrottet i mars", "Före avbrottet"]

    core.cache.mark_unavailable(url, float("inf"))
    renamed.title = "Publicerad under driftstoppet"
    renamed.save_revision().publish()

    core.cache.mark_available(url)
    assert search_titles(client, "avbrottet") == ["Avbrottet i mars"]
    assert search_titles(client, "driftstoppet") == ["Publicerad under driftstoppet"]
