"""Faults: what a visitor gets when a part of the system is down (issue 10).

* A submission (survey answers, a subscription) is saved together with the e-mail it
  queues, or not at all: a request that fails halfway leaves nothing half-done behind, and
  the visitor, who still has the form in the browser, can simply send again.
* A Redis outage costs little speed and no pages: every cache operation falls back to the
  process's memory (``core.cache.FailsafeRedisCache``).

The PostgreSQL restart and the real Redis stop/start are shown against gunicorn by
``scripts/fault_check.sh`` (figures in docs/deployment.md); these tests cover the same
paths inside the suite.
"""

import logging
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import OperationalError
from django.tasks.backends.base import BaseTaskBackend
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

import core.cache
from core import caching
from subscriptions.models import Subscriber
from subscriptions.topics import section_key
from tests.factories.forms import answers
from tests.factories.forms import survey as make_survey
from tests.factories.pages import section

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
QUEUE_DOWN = {"default": {"BACKEND": "tests.test_faults.QueueDownBackend"}}
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


class QueueDownBackend(BaseTaskBackend):
    """A task queue that cannot be reached: the request fails after the form was valid
    and, without a transaction, after the answers were already saved."""

    def enqueue(self, task, args, kwargs):
        raise OperationalError("the task queue cannot be reached")


@pytest.fixture
def survey():
    return make_survey()


def failing_client():
    """A browser: a server error is a 500 page, not an exception in the test."""
    return Client(raise_request_exception=False)


def test_survey_answers_are_not_half_saved_when_the_request_fails(settings, survey):
    settings.TASKS = QUEUE_DOWN
    response = failing_client().post(survey.url, answers(survey))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
    assert not FormSubmission.objects.filter(page=survey).exists()

    # Sent again once the queue is back: stored once, with its e-mail queued beside it.
    settings.TASKS = DATABASE_QUEUE
    response = Client().post(survey.url, answers(survey))
    assert response.status_code == 303
    submission = FormSubmission.objects.get(page=survey)
    queued = DBTaskResult.objects.get(task_path="pages.tasks.send_survey_notification")
    assert queued.args_kwargs["args"] == [submission.pk]


def test_a_subscription_is_not_half_saved_when_the_request_fails(settings):
    settings.TASKS = QUEUE_DOWN
    form = {"epost": "halvvags@example.org", "amnen": [section_key(section("Fyrbodal").pk)]}
    response = failing_client().post("/prenumerera/", form)
    assert response.status_code == 500
    assert not Subscriber.objects.filter(email="halvvags@example.org").exists()

    settings.TASKS = DATABASE_QUEUE
    assert Client().post("/prenumerera/", form).status_code == 302
    subscriber = Subscriber.objects.get(email="halvvags@example.org")
    queued = DBTaskResult.objects.get(task_path="subscriptions.tasks.send_confirmation")
    assert queued.args_kwargs["args"][0] == subscriber.pk


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        alias: {
            "BACKEND": "core.cache.FailsafeRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in settings.CACHES
    }
    return settings


def test_every_cache_operation_falls_back_to_process_memory_when_redis_is_down(redis_down):
    cache = caches["default"]
    assert cache.get("nyckel") is None
    assert cache.get("nyckel", "standard") == "standard"
    assert cache.set("nyckel", 1) is None
    assert cache.get("nyckel") == 1
    assert cache.add("nyckel", 2) is False
    assert cache.add("raknare", 1) is True
    assert cache.incr("raknare", 3) == 4
    assert cache.has_key("nyckel") is True
    assert cache.touch("nyckel") is True
    assert cache.delete("nyckel") is True
    assert cache.get_many(["nyckel", "raknare"]) == {"raknare": 4}
    assert cache.set_many({"a": 1, "b": 2}) == []
    assert cache.delete_many(["a", "b"]) is None
    assert cache.get("a") is None
    assert cache.clear() is None
    assert cache.get("raknare") is None


def test_pages_and_forms_work_without_redis(redis_down, survey):
    client = Client()
    for path in ["/", section("Fyrbodal").url, "/avtal/", "/sok/?q=sip", "/nyheter/"]:
        assert client.get(path).status_code == 200, path
    # The rate limits count in the process's memory meanwhile: the form is accepted.
    mail.outbox.clear()
    assert client.post(survey.url, answers(survey)).status_code == 303
    assert FormSubmission.objects.filter(page=survey).count() == 1


def test_pages_are_cached_in_a_live_redis_and_served_from_it(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "core.cache.FailsafeRedisCache", "LOCATION": redis_url},
    }
    cache = caches["pages"]
    cache.set("vs-h10-test", "värde", 30)
    assert cache.get("vs-h10-test") == "värde"
    cache.delete("vs-h10-test")


def test_after_a_failure_redis_is_left_alone_for_a_while_then_tried_again(
    settings, monkeypatch, caplog
):
    """The circuit breaker: a page makes several cache operations, and a hanging Redis
    must not cost the socket timeout for each of them. Each attempt that fails is logged."""
    settings.CACHES = {
        **settings.CACHES,
        # A Redis of its own, so no other test's failure has started the pause already.
        "default": {
            "BACKEND": "core.cache.FailsafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/5",
        },
    }
    now = [0.0]
    monkeypatch.setattr(core.cache, "time", SimpleNamespace(monotonic=lambda: now[0]))
    cache = caches["default"]

    def attempts():
        return sum(r.name == "core.cache" for r in caplog.records)

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("brytare", "missad") == "missad"
        assert attempts() == 1
        # During the pause Redis is not asked: the process's memory answers at once.
        cache.set("brytare", "satt under avbrottet", 30)
        assert cache.get("brytare", "missad") == "satt under avbrottet"
        assert attempts() == 1
        # After the pause it is tried again.
        now[0] += core.cache.RETRY_AFTER + 1
        assert cache.get("brytare", "missad") == "satt under avbrottet"
        assert attempts() == 2


def test_a_publication_made_while_redis_is_down_still_empties_the_cache_afterwards(redis_down):
    """The process that handled the publication repeats the invalidation once the cache
    answers again, so fragments cached before the outage are not shown after it."""
    section("Fyrbodal").save_revision().publish()
    redis_down.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }
    caches["default"].set(caching.VERSION_KEY, 1, None)  # the version before the outage
    caches["pages"].set("cached-page", "from before the outage")
    version = caching.content_version()
    assert not version.startswith("1.")
    assert caches["pages"].get("cached-page") is None
    assert caching.content_version() == version  # done once, not on every request
