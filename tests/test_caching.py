"""The layers below the whole-page cache: page content rendered once per content version,
the shared lookups behind routing and view restrictions, the version itself (which turns
over at midnight and, with Redis, is pushed to every process), and what gunicorn's master
may do before it forks."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages import caching
from pages.models import ContentPage, NewsIndexPage, SectionPage
from tests.agreements_helpers import make_agreement, register_url

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


# -- page content, rendered once per content version ---------------------------------------------


def test_a_sections_content_is_rendered_once_and_shared_by_other_urls(client, sections):
    url = sections["Fyrbodal"].url
    cold, first = queries(client, url)
    # Same page, another address (a tracking parameter): the whole-page cache does not know
    # it, but the content is not rendered again. Only the page itself is loaded.
    warm, second = queries(client, url + "?utm_source=nyhetsbrev")
    assert warm <= 1 < cold
    assert first == second


def test_editors_get_the_shared_content_but_their_own_userbar(admin_client_logged_in, sections):
    url = sections["Skaraborg"].url
    anonymous = Client().get(url).content.decode()
    editor = admin_client_logged_in.get(url).content.decode()
    assert "wagtail-userbar" in editor and "wagtail-userbar" not in anonymous
    main = anonymous.split('<main id="innehall"')[1].split("</main>")[0]
    assert main in editor


def test_a_preview_of_a_draft_neither_reads_nor_fills_the_shared_content(sections):
    section = sections["Fyrbodal"]
    visitor = Client()
    assert "Hemligt utkast" not in visitor.get(section.url).content.decode()  # cached now
    section.intro = "Hemligt utkast till ny ingress"
    draft = section.save_revision().as_object()  # a draft, not published
    preview = draft.make_preview_request()
    assert "Hemligt utkast" in preview.content.decode(), "the preview shows the draft"
    caches["pages"].clear()
    assert "Hemligt utkast" not in visitor.get(section.url).content.decode()
    assert "Hemligt utkast" not in visitor.get(section.url + "?annan=1").content.decode()


def test_the_news_list_keeps_one_copy_per_page_number_and_renders_odd_ones(client, sections):
    index = sections["Fyrbodal"].get_children().type(NewsIndexPage).get().specific
    first = client.get(index.url).content.decode()
    again = client.get(index.url + "?sida=1&x=1").content.decode()
    assert again.count("<article") == first.count("<article")
    # Text, zero and huge numbers land on a real page and are never an error.
    for odd in ["abc", "0", "-3", "99999999999"]:
        assert client.get(index.url + f"?sida={odd}").status_code == 200, odd


# -- the content version turns over at midnight ---------------------------------------------------


def test_what_changes_at_midnight_is_shown_the_next_day_without_a_publication(client, time_machine):
    today = timezone.localdate()
    make_agreement(slug="gar-ut-i-natt", title="Avtal som går ut i natt", valid_to=today)
    detail = f"{register_url()}gar-ut-i-natt/"
    assert "Gällande" in client.get(detail).content.decode()
    assert "Avtal som går ut i natt" in client.get(register_url()).content.decode()

    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))  # the clock passes midnight
    assert "Upphört" in client.get(detail).content.decode()
    assert "Avtal som går ut i natt" not in client.get(register_url()).content.decode()


def test_the_content_version_follows_the_clock_either_way(time_machine):
    """The date in the version is worked out once a day; a clock set back (a corrected
    server clock) must not keep tomorrow's version."""
    now = timezone.now()
    today = caching.content_version()
    time_machine.move_to(now + datetime.timedelta(days=1))
    tomorrow = caching.content_version()
    assert tomorrow.endswith(f"{timezone.localdate():%Y%m%d}") and tomorrow != today
    time_machine.move_to(now)
    assert caching.content_version() == today


# -- routing and view restrictions from the shared lookups ----------------------------------------


def test_a_new_address_works_at_once_and_the_old_one_redirects(
    client, django_capture_on_commit_callbacks
):
    page = ContentPage.objects.live().filter(depth=4).first()
    old_url = page.url
    assert client.get(old_url).status_code == 200  # the route is remembered now
    page.slug = "ny-adress-for-sidan"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's automatic redirect
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.url.endswith("/ny-adress-for-sidan/")
    assert client.get(page.url).status_code == 200
    response = client.get(old_url)
    assert response.status_code in (301, 302) and response["Location"].endswith(page.url)


def test_a_page_created_live_by_code_is_found_at_once(client, sections):
    section = sections["SIMBA"]
    assert client.get(section.url).status_code == 200  # routes are remembered now
    page = ContentPage(title="Skapad av skript", slug="skapad-av-skript", intro="Text.")
    section.add_child(instance=page)
    assert client.get(page.url).status_code == 200


def test_unknown_addresses_are_404_and_not_remembered(client):
    for _ in range(2):
        assert client.get("/finns-inte/alls/").status_code == 404
    assert client.get("/fyrbodal/finns-inte/").status_code == 404


@pytest.fixture
def restricted(sections):
    """A published page in Fyrbodal and a page below it, then a login restriction on it."""
    section = sections["Fyrbodal"]
    parent = ContentPage(title="Internt forum", slug="internt-forum", intro="Internt.")
    section.add_child(instance=parent)
    parent.save_revision().publish()
    child = ContentPage(title="Internt protokoll", slug="internt-protokoll", intro="Internt.")
    parent.add_child(instance=child)
    child.save_revision().publish()
    return parent, child


def test_a_restriction_added_to_a_cached_page_applies_at_once(client, restricted):
    parent, child = restricted
    for page in (parent, child):
        assert client.get(page.url).status_code == 200  # everything is cached now
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    for page in (parent, child):
        response = client.get(page.url)
        assert response.status_code == 302 and "/login/" in response["Location"], page.title
        assert "Internt" not in response.content.decode()


def test_an_alias_of_a_restricted_page_is_restricted_too(client, restricted, sections):
    parent, _ = restricted
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    alias = parent.create_alias(parent=sections["SAMLA"], update_slug="forum-alias")
    assert alias.live
    response = client.get(alias.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_open_pages_check_restrictions_without_a_query(client, sections):
    url = sections["Göteborgsområdet"].url
    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url + "?igen=1")
    assert not any("pageviewrestriction" in q["sql"] for q in captured.captured_queries)


# -- Redis: the content version pushed to every process -------------------------------------------


def two_processes(redis_url):
    """Two cache backends with their own connections and subscriptions: as two workers."""
    from core.cache import FailsafeRedisCache

    options = {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    publisher = FailsafeRedisCache(redis_url, options)
    reader = FailsafeRedisCache(redis_url, options)
    publisher.delete("versionstest")
    return publisher, reader


def test_a_pushed_version_reaches_another_process_on_its_very_next_read(redis_url):
    publisher, reader = two_processes(redis_url)
    assert reader.get_pushed("versionstest") is None
    for version in range(1, 51):
        publisher.set_and_push("versionstest", version, None)
        assert reader.get_pushed("versionstest") == version


def test_sites_in_other_redis_databases_do_not_hear_each_other(redis_url):
    from core.cache import FailsafeRedisCache

    publisher, reader = two_processes(redis_url)
    base, _, database = redis_url.rpartition("/")
    neighbour = FailsafeRedisCache(f"{base}/{(int(database or 0) + 1) % 16}", {})
    neighbour.set_and_push("versionstest", 1, None)
    assert neighbour.get_pushed("versionstest") == 1  # subscribed now
    publisher.set_and_push("versionstest", 5, None)
    assert reader.get_pushed("versionstest") == 5
    assert neighbour.get_pushed("versionstest") == 1
    neighbour.delete("versionstest")


def test_reading_a_pushed_version_needs_no_round_trip(redis_url, monkeypatch):
    publisher, reader = two_processes(redis_url)
    publisher.set_and_push("versionstest", 7, None)
    assert reader.get_pushed("versionstest") == 7
    client = reader._cache.get_client("versionstest")
    commands = []
    execute = client.execute_command
    monkeypatch.setattr(
        client, "execute_command", lambda *args, **kw: commands.append(args) or execute(*args, **kw)
    )
    for _ in range(20):
        assert reader.get_pushed("versionstest") == 7
    assert commands == [], "20 reads in a row ask Redis nothing"
    publisher.set_and_push("versionstest", 8, None)
    assert reader.get_pushed("versionstest") == 8
    assert commands == [], "the change came through the subscription"


def test_a_lost_subscription_falls_back_to_asking_redis(redis_url):
    import redis

    publisher, reader = two_processes(redis_url)
    publisher.set_and_push("versionstest", 1, None)
    assert reader.get_pushed("versionstest") == 1
    raw = redis.Redis.from_url(redis_url)
    raw.client_kill_filter(_type="pubsub")  # the subscription's connection is cut
    publisher.set("versionstest", 2, None)  # a change the reader is never told about
    assert reader.get_pushed("versionstest") == 2
    publisher.set_and_push("versionstest", 3, None)
    assert reader.get_pushed("versionstest") == 3


def test_publishing_moves_the_version_on_for_every_process(settings, redis_url):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.cache.FailsafeRedisCache", "LOCATION": redis_url},
    }
    _, other_process = two_processes(redis_url)
    before = caching.content_version()
    caching.content_changed()
    after = caching.content_version()
    assert after != before
    assert caching._dated(other_process.get_pushed(caching.VERSION_KEY)) == after


# -- gunicorn's master ----------------------------------------------------------------------------


def test_loading_the_wsgi_application_opens_no_connection():
    """gunicorn loads the application once and forks its workers from it (preload_app):
    a database or Redis connection opened while loading would be shared by every worker."""
    script = (
        "import vardsamverkan.wsgi\n"
        "from django.core.cache import caches\n"
        "from django.db import connections\n"
        "assert all(c.connection is None for c in connections.all()), 'database'\n"
        "assert not list(caches.all(initialized_only=True)), 'cache'\n"
        "from django.template import engines\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "assert 'base.html' in str(list(loader.get_template_cache)), 'templates compiled'\n"
        "print('ok')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production",
        "SECRET_KEY": "test-" + "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_section_pages_list_their_sections_pages(client):
    """Sanity check of the cached section content: what the section lists is its own."""
    section = SectionPage.objects.get(short_name="Skaraborg")
    html = client.get(section.url).content.decode()
    for child in section.get_children().live().type(ContentPage):
        assert child.title in html
