"""Constant queries with a full site, caching that never shows stale content, and the
Cache-Control headers a reverse proxy or CDN acts on."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from agreements.models import Agreement, Level
from demo.benchdata import generate
from pages.models import (
    ContentPage,
    GroupPage,
    Municipality,
    NewsIndexPage,
    NewsPage,
    SectionContact,
    SiteSettings,
    StatusReportIndexPage,
    StatusReportPage,
    SurveyPage,
)
from tests.factories.agreements import AgreementFactory, register
from tests.factories.pages import (
    ContactFactory,
    ContentPageFactory,
    DocumentFactory,
    GroupPageFactory,
    ImageFactory,
    NewsPageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    SurveyPageFactory,
    county,
    home,
    section,
)

pytestmark = pytest.mark.django_db

STEADY_BUDGET = 12  # a page rendered for an anonymous visitor, shared caches warm
COLD_BUDGET = 20  # the first render after a publication, when every cache starts empty


def page_type_urls():
    """One URL of every public page type, on a site that has one of each."""
    agreement = Agreement.objects.public().filter(attachments__isnull=False).first()
    reports = StatusReportIndexPage.objects.get()

    def first(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first().url

    return {
        "home": "/",
        "section (county, 49 municipalities)": county().url,
        "section": section("Fyrbodal").url,
        "group": first(GroupPage, title__startswith="Genererad"),
        "content page": first(ContentPage, depth=4),
        "site-wide news": NewsIndexPage.objects.child_of(home()).get().url,
        "section news": first(NewsIndexPage, depth=4),
        "news page": first(NewsPage),
        "register": register().url,
        "register, filtered": register().url + "?kommun=Lerum&typ=rutin&sida=2",
        "register, searched": register().url + "?q=utskrivning&status=alla",
        "agreement": f"{register().url}{agreement.slug}/",
        "status reports": reports.url,
        "status report": first(StatusReportPage),
    }


def large_site():
    """A site with one page of every type, grown by the benchmark's generator (hundreds of
    pages, 2,000 agreements with attachments, municipalities and topics)."""
    index = StatusReportIndexPageFactory()
    StatusReportPageFactory(parent=index)
    SurveyPageFactory()
    AgreementFactory(title="Överenskommelse om utskrivning", attachments=[DocumentFactory()])
    generate(pages_per_section=40, agreements=2000)
    assert Agreement.objects.count() >= 2000 and NewsPage.objects.count() > 90


def clear_all_caches():
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.mark.slow
def test_every_page_type_runs_few_queries_however_large_the_site(
    client, django_assert_max_num_queries
):
    large_site()
    for name, url in page_type_urls().items():
        clear_all_caches()
        with django_assert_max_num_queries(COLD_BUDGET, info=f"{name} (cold)"):
            assert client.get(url).status_code == 200, name
        caches["pages"].clear()
        with django_assert_max_num_queries(STEADY_BUDGET, info=f"{name} (steady)"):
            assert client.get(url).status_code == 200, name
        with django_assert_max_num_queries(0, info=f"{name} (page cache)"):
            assert client.get(url).status_code == 200, name


@pytest.mark.slow
def test_pages_that_are_never_cached_run_few_queries_too(client, django_assert_max_num_queries):
    """Search results and forms are rendered for every request (they are private or carry a
    CSRF token), so their budget holds on every request, with a full site."""
    large_site()
    survey = SurveyPage.objects.live().first()
    urls = {
        "search": "/sok/?q=utskrivning",
        "search, all filters": "/sok/?q=samordnad+individuell+plan&typ=avtal&sida=2",
        "search, no hits": "/sok/?q=xyzzyqwerty",
        "subscription form": "/prenumerera/",
        "survey": survey.url,
    }
    for name, url in urls.items():
        client.get(url)  # the shared caches fill, as on a running server
        with django_assert_max_num_queries(STEADY_BUDGET, info=name):
            assert client.get(url).status_code == 200, name


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
    assert len(gin_indexes) == 3  # title, body, autocomplete
    assert all("fastupdate=off" in (options or []) for options in gin_indexes.values()), gin_indexes


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
