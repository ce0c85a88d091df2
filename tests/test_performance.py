"""Caching that never shows stale content, and the
Cache-Control headers a reverse proxy or CDN acts on."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from agreements.models import Level
from pages.models import (
    Municipality,
    SectionContact,
    SiteSettings,
)
from tests.factories.agreements import AgreementFactory, register
from tests.factories.pages import (
    ContactFactory,
    ContentPageFactory,
    DocumentFactory,
    GroupPageFactory,
    ImageFactory,
    NewsPageFactory,
    SurveyPageFactory,
    county,
    section,
)

pytestmark = pytest.mark.django_db


def test_the_search_index_has_no_pending_list_to_read():
    """Every search reads a GIN index's pending list in full, and on a site that publishes
    a few times a day nothing empties it for weeks (search migration 0002): the search
    index's GIN indexes are written directly instead."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, index.reloptions FROM pg_index JOIN pg_class AS index "
            "ON index.oid = pg_index.indexrelid JOIN pg_am ON pg_am.oid = index.relam "
            "WHERE pg_index.indrelid = 'wagtailsearch_indexentry'::regclass "
            "AND pg_am.amname = 'gin'"
        )
        gin_indexes = dict(cursor.fetchall())
    # Wagtail's title, body and autocomplete, and title || body (search migration 0004).
    assert len(gin_indexes) == 4 and "search_entry_title_body_gin" in gin_indexes
    assert all("fastupdate=off" in (options or []) for options in gin_indexes.values()), gin_indexes


def test_the_site_asks_postgresql_without_jit_compilation():
    """JIT compilation made a short register query several times slower once the register
    was large (docs/performance.md): the site's connections turn it off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


# -- Cache-Control --------------------------------------------------------------------------------


def test_anonymous_pages_may_be_cached_briefly_by_proxies(client, settings):
    response = client.get(section("Fyrbodal").url)
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    assert "Cookie" not in response.get("Vary", ""), "one cached copy serves every visitor"
    assert not response.cookies


def test_signed_in_editors_get_fresh_private_pages(admin_client_logged_in):
    url = section("Fyrbodal").url
    Client().get(url)  # an anonymous visitor fills the page cache
    response = admin_client_logged_in.get(url)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"wagtail-userbar" in response.content, "the editor's copy is not the cached one"


def test_admin_and_previews_are_never_cached(admin_client_logged_in):
    page = ContentPageFactory()
    for url in [
        "/admin/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/edit/preview/",
    ]:
        response = admin_client_logged_in.get(url)
        assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"], url


@pytest.mark.parametrize("path", ["/enkat/", "/prenumerera/", "/sok/?q=SIP"])
def test_forms_and_search_are_never_shared(client, path):
    SurveyPageFactory(slug="enkat")
    response = client.get(path)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Age" not in client.get(path), "the page cache must not replay it"


# -- the whole-page cache ------------------------------------------------------------------------


def test_a_replayed_page_is_the_same_page_with_its_age(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    url = section("Fyrbodal").url
    first = client.get(url)
    time_machine.shift(25)
    again = client.get(url)
    assert "Age" not in first, "the first visitor's page was rendered"
    assert again.content == first.content
    for header in ("Content-Security-Policy", "Cache-Control", "Content-Type", "X-Frame-Options"):
        assert again[header] == first[header], header
    assert again["Age"] == "25", "a proxy in front keeps it only for what is left of max-age"


def test_a_page_is_kept_for_its_max_age_only(client, time_machine, settings):
    time_machine.move_to(timezone.now(), tick=False)
    url = section("Fyrbodal").url
    client.get(url)
    time_machine.shift(settings.PUBLIC_CACHE_SECONDS - 1)
    assert client.get(url)["Age"] == str(settings.PUBLIC_CACHE_SECONDS - 1)
    time_machine.shift(2)
    assert "Age" not in client.get(url), "rendered again once max-age has passed"


def test_head_requests_are_answered_from_the_page_cache(client):
    url = section("Fyrbodal").url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url)
    assert response.status_code == 200 and len(queries) == 0
    assert response.content == b"" and int(response["Content-Length"]) > 1000
    assert "Age" in response, "the GET's copy answered it"
    assert response["Cache-Control"].startswith("public")


def test_each_query_string_is_a_page_of_its_own(client):
    AgreementFactory(
        title="Lokal rutin i Lerum",
        level=Level.LOCAL,
        section=section("SAMLA"),
        municipalities=[Municipality.objects.get(name="Lerum")],
    )
    AgreementFactory(
        title="Lokal rutin i Ale",
        level=Level.LOCAL,
        section=section("SIMBA"),
        municipalities=[Municipality.objects.get(name="Ale")],
    )
    url = register().url
    everything = client.get(url).content
    lerum = client.get(url + "?kommun=Lerum").content
    assert lerum != everything
    assert client.get(url + "?kommun=Lerum").content == lerum


@pytest.mark.parametrize(
    "headers, kept",
    [
        ({"Cache-Control": "public, max-age=60"}, True),
        ({"Cache-Control": "public, max-age=60", "Vary": "Cookie"}, False),
        ({"Cache-Control": "public, max-age=0"}, False),
        ({"Cache-Control": "private, max-age=60"}, False),
        ({"Cache-Control": "max-age=60"}, False),
        ({}, False),
    ],
)
def test_only_what_every_anonymous_visitor_may_share_is_kept(headers, kept):
    from django.http import HttpResponse

    from core.middleware import AnonymousPageCacheMiddleware

    response = HttpResponse("sida", headers=headers)
    assert bool(AnonymousPageCacheMiddleware.shareable_for(response)) is kept
    response.set_cookie("kaka", "1")
    assert not AnonymousPageCacheMiddleware.shareable_for(response), "never with a cookie"


# -- a change is visible on the very next request ---------------------------------------------


def visible(client, url, text):
    return text in client.get(url).content.decode()


def test_publishing_a_page_is_visible_at_once(client):
    page = NewsPageFactory()
    index = page.get_parent().url
    assert not visible(client, index, "Helt ny rubrik")  # cached now
    page.title = "Helt ny rubrik"
    page.save_revision().publish()
    assert visible(client, index, "Helt ny rubrik")
    assert visible(client, page.url, "Helt ny rubrik")


def test_unpublishing_and_deleting_are_visible_at_once(client):
    page = NewsPageFactory(title="Nyhet som avpubliceras")
    other = NewsPageFactory(title="Nyhet som tas bort")
    index = page.get_parent().url
    url = page.url
    assert visible(client, index, page.title)
    page.unpublish()
    assert not visible(client, index, page.title)
    assert client.get(url).status_code == 404
    assert visible(client, index, other.title)
    other.delete()
    assert not visible(client, index, other.title)


def test_publishing_an_agreement_is_visible_at_once(client):
    agreement = AgreementFactory(slug="in-och-utskrivning")
    url = register().url
    detail = f"{url}{agreement.slug}/"
    assert not visible(client, url, "Omarbetad överenskommelse")
    assert not visible(client, detail, "Omarbetad överenskommelse")
    agreement.title = "Omarbetad överenskommelse om utskrivning"
    agreement.save_revision().publish()
    assert visible(client, url, "Omarbetad överenskommelse")
    assert visible(client, detail, "Omarbetad överenskommelse")
    assert visible(client, county().url, "Omarbetad överenskommelse")


def test_a_changed_site_setting_is_visible_at_once(client):
    assert not visible(client, "/", "070-174 06 77")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "070-174 06 77"
    settings.save()
    assert visible(client, "/", "070-174 06 77")
    assert visible(client, section("SAMLA").url, "070-174 06 77")


def test_a_changed_contact_person_is_visible_at_once(client):
    fyrbodal = section("Fyrbodal")
    contact = ContactFactory(name="Gammal Kontaktsson")
    SectionContact.objects.create(page=fyrbodal, contact=contact)
    assert visible(client, fyrbodal.url, "Gammal Kontaktsson")
    contact.name = "Ny Kontaktsson"
    contact.save()
    assert visible(client, fyrbodal.url, "Ny Kontaktsson")


def test_a_renamed_section_is_visible_in_every_menu_at_once(client):
    group_url = GroupPageFactory(parent=section("Fyrbodal")).url
    assert not visible(client, group_url, "Skaraborgsnamn")
    skaraborg = section("Skaraborg")
    skaraborg.short_name = "Skaraborgsnamn"
    skaraborg.save_revision().publish()
    assert visible(client, group_url, "Skaraborgsnamn")


# -- light pages: images -------------------------------------------------------------------------


def test_images_are_responsive_and_lazy(client):
    from bs4 import BeautifulSoup

    image = ImageFactory(file__width=1600, file__height=700)
    alt = "Illustration av vårdkedjan: sjukhuset, primärvården och kommunen."
    page = ContentPageFactory(body=[("image", {"image": image, "alt": alt})])
    image = BeautifulSoup(client.get(page.url).content, "html.parser").select_one("main img")
    assert image["loading"] == "lazy" and image["decoding"] == "async"
    widths = [candidate.split()[-1] for candidate in image["srcset"].split(",")]
    assert widths == ["480w", "800w", "1200w"]
    assert image["alt"].startswith("Illustration av vårdkedjan")
    response = client.get(image["src"])
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert "max-age=86400" in response["Cache-Control"]


def test_uploaded_documents_are_not_served_around_wagtails_view(client):
    document = DocumentFactory()
    assert client.get("/media/" + document.file.name).status_code == 404
    assert client.get(document.url).status_code == 200


def test_image_block_requires_alt_text_unless_decorative():
    from django.core.exceptions import ValidationError

    from pages.blocks import ImageBlock

    block = ImageBlock()
    image = ImageFactory()
    with pytest.raises(ValidationError) as excinfo:
        block.clean(block.to_python({"image": image.pk, "alt": "", "decorative": False}))
    assert "alternativtext" in str(excinfo.value.block_errors["alt"])
    assert block.clean(block.to_python({"image": image.pk, "alt": "", "decorative": True}))


@pytest.fixture
def purging_proxy(settings):
    """A stand-in for Varnish: a real HTTP server on localhost that records PURGE requests,
    configured as Wagtail's frontend cache backend."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            purged.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield purged
    server.shutdown()


def test_a_configured_cdn_is_told_to_forget_what_was_published(purging_proxy):
    page = NewsPageFactory()
    agreement = AgreementFactory(slug="in-och-utskrivning")
    purging_proxy.clear()
    page.save_revision().publish()
    assert page.url in purging_proxy
    url = register().url
    purging_proxy.clear()
    agreement.save_revision().publish()
    assert sorted(purging_proxy) == [url, f"{url}{agreement.slug}/"]


def test_without_a_configured_cdn_publishing_purges_nothing(purging_proxy, settings):
    settings.WAGTAILFRONTENDCACHE = {}  # the default: the proxy above is not configured
    NewsPageFactory().save_revision().publish()
    AgreementFactory().save_revision().publish()
    assert purging_proxy == []
