"""A constant number of SQL queries per page, however large the site: one page of every
type on a site grown by the benchmark's generator (hundreds of pages, 2,000 agreements)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import transaction

from agreements.models import Agreement, DocumentType
from demo.benchdata import generate
from pages.explorer import EXPLORER_PAGE_SIZE
from pages.models import (
    ContentPage,
    GroupPage,
    NewsIndexPage,
    NewsPage,
    StatusReportIndexPage,
    StatusReportPage,
    SurveyPage,
)
from tests.conftest import clear_caches
from tests.factories.agreements import AgreementFactory, register
from tests.factories.pages import (
    DocumentFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    SurveyPageFactory,
    UserFactory,
    calendar_page,
    county,
    editor,
    home,
    municipality_index,
    section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

STEADY_BUDGET = 12  # a page rendered for an anonymous visitor, shared caches warm
# The first render after an ordinary publication (a news item): the content version moved
# on, the site's structure (menu, footer, filter options, …) is still cached.
PUBLICATION_BUDGET = 12
# Every cache empty (a new deployment, or the site's structure changed). The register
# searched is the most: the agreements' ranking reads the index, then the best rows and
# every published successor (what their status depends on, kept for later publications).
COLD_BUDGET = 24
# An admin view after a publication, for the kommunikatör or a section editor: Wagtail's own
# queries (session, permissions, menus, counts) and a constant number for the listing.
ADMIN_BUDGET = 40
# Sitemap files, API pages and feeds after a publication: constant however large the site
# (the register's filter options alone are five queries when they are not cached).
FEED_BUDGET = 16


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
        "municipalities (map)": municipality_index().url,
        "municipality (Göteborg)": municipality_index().url + "goteborg/",
        "meeting calendar": calendar_page().url,
        "meeting calendar, filtered": calendar_page().url + "?sektion=fyrbodal&typ=temagrupp",
        "meetings as iCalendar": calendar_page().url + "ical/",
    }


@pytest.fixture(scope="module", autouse=True)
def large_site(django_db_setup, django_db_blocker):
    """Built once for this module, inside a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        index = StatusReportIndexPageFactory()
        StatusReportPageFactory(parent=index)
        SurveyPageFactory()
        AgreementFactory(title="Överenskommelse om utskrivning", attachments=[DocumentFactory()])
        generate(pages_per_section=40, agreements=2000)
        assert Agreement.objects.count() >= 2000 and NewsPage.objects.count() > 90
        yield
        transaction.set_rollback(True)


def clear_all_caches():
    """As after a publication: every cache empty and a new content version."""
    clear_caches()


def test_every_page_type_runs_few_queries_however_large_the_site(
    client, django_assert_max_num_queries
):
    for name, url in page_type_urls().items():
        clear_all_caches()
        with django_assert_max_num_queries(COLD_BUDGET, info=f"{name} (cold)"):
            assert client.get(url).status_code == 200, name
        caches["pages"].clear()
        with django_assert_max_num_queries(STEADY_BUDGET, info=f"{name} (steady)"):
            assert client.get(url).status_code == 200, name
        with django_assert_max_num_queries(0, info=f"{name} (page cache)"):
            assert client.get(url).status_code == 200, name


def test_the_first_request_after_a_publication_runs_few_queries_on_every_page_type(
    client, django_assert_max_num_queries
):
    """As on a running site: everything has been asked for once, then an editor publishes a
    news item before each request, so every page is rendered anew around a cached frame."""
    reg = register().url
    urls = {
        **page_type_urls(),
        "sitemap index": "/sitemap.xml",
        "API": reg + "api/?status=alla",
        "agreement feed": reg + "flode/",
    }
    clear_all_caches()
    for url in urls.values():
        client.get(url)
    news = NewsPage.objects.live().order_by("path").first()
    for name, url in urls.items():
        news.save_revision().publish()
        with django_assert_max_num_queries(PUBLICATION_BUDGET, info=f"{name} (published)"):
            assert client.get(url).status_code == 200, name


def test_the_first_request_after_an_agreement_is_published_runs_few_queries_too(
    client, django_assert_max_num_queries
):
    """What is kept for agreements alone (their search hits, the API) is thrown away by an
    agreement's publication: those pages are then as cold as after any other."""
    reg = register().url
    agreement = Agreement.objects.filter(live=True).order_by("pk").first()
    urls = {
        "register": reg,
        "register, searched": reg + "?q=utskrivning&status=alla",
        "agreement": f"{reg}{agreement.slug}/",
        "search": "/sok/?q=utskrivning",
        "API": reg + "api/?status=alla",
        "API, one agreement": f"{reg}api/{agreement.slug}/",
    }
    clear_all_caches()
    for url in urls.values():
        client.get(url)
    for name, url in urls.items():
        agreement.save_revision().publish()
        with django_assert_max_num_queries(PUBLICATION_BUDGET, info=f"{name} (published)"):
            assert client.get(url).status_code == 200, name


def test_sitemaps_exports_api_and_feeds_run_few_queries_however_large_the_site(
    client, django_assert_max_num_queries, monkeypatch
):
    """Cold, as after a publication: the sitemap index and each of its files, an API page
    deep in the list, the feeds; the CSV export a few queries per chunk of rows."""
    from agreements.export import CHUNK_SIZE
    from agreements.sitemaps import AgreementSitemap, PageSitemap

    monkeypatch.setattr(PageSitemap, "limit", 100)  # several files of each kind
    monkeypatch.setattr(AgreementSitemap, "limit", 500)
    reg = register().url
    late = Agreement.objects.filter(live=True).order_by("title")[100]
    urls = {
        "sitemap index": "/sitemap.xml",
        "API": reg + "api/?status=alla",
        "API, a late page": reg + "api/?status=alla&sida=35",
        "API, a late page by its next link": reg + "api/?status=alla&efter=" + late.slug,
        "agreement feed": reg + "flode/",
        "status report feed": StatusReportIndexPage.objects.get().url + "flode/",
    }
    clear_all_caches()
    index = client.get("/sitemap.xml").getvalue().decode()
    for n, location in enumerate(re.findall("<loc>([^<]+)</loc>", index)):
        urls[f"sitemap file {n}"] = location.split("testserver", 1)[-1]
    assert len(urls) > 10
    for name, url in urls.items():
        clear_all_caches()
        with django_assert_max_num_queries(FEED_BUDGET, info=f"{name} (cold)"):
            assert client.get(url).status_code == 200, name
    clear_all_caches()
    chunks = -(-Agreement.objects.count() // CHUNK_SIZE)
    with django_assert_max_num_queries(FEED_BUDGET + 4 * chunks, info="CSV export"):
        assert client.get(reg + "export.csv?status=alla").getvalue().count(b"\r\n") > 2000


def test_pages_that_are_never_cached_run_few_queries_too(client, django_assert_max_num_queries):
    """Search results and forms are rendered for every request (they are private or carry a
    CSRF token), so their budget holds on every request, with a full site."""
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


def admin_urls(news_index):
    """The admin views an editor opens most: the dashboard, the agreement listing (plain,
    searched, filtered) and the explorer of a section and of a news list."""
    fyrbodal = section("Fyrbodal")
    listing = "/admin/snippets/agreements/agreement/"
    document_type = DocumentType.objects.order_by("pk").first()
    return {
        "dashboard": "/admin/",
        "agreement listing": listing,
        "agreement listing, searched": listing + "?q=utskrivning",
        "agreement listing, three filters": listing
        + f"?document_type={document_type.pk}&section={fyrbodal.pk}&status=gallande",
        "explorer of a section": f"/admin/pages/{fyrbodal.pk}/",
        "explorer of a news list": f"/admin/pages/{news_index.pk}/",
    }


@pytest.mark.parametrize("role", ["superuser", "section editor"])
def test_admin_views_run_few_queries_however_large_the_site(
    client, django_assert_max_num_queries, role
):
    """Cold, as the first request after a publication; the section editor's scope (the
    agreements and pages of Fyrbodal) costs no query per row either."""
    if role == "superuser":
        user = UserFactory(is_superuser=True)
        news_index = max(
            NewsIndexPage.objects.filter(depth=4), key=lambda page: page.get_children_count()
        )
    else:
        user = editor(section("Fyrbodal"))
        news_index = NewsIndexPage.objects.child_of(section("Fyrbodal")).get()
    client.force_login(user)
    for name, url in admin_urls(news_index).items():
        clear_all_caches()
        with django_assert_max_num_queries(ADMIN_BUDGET, info=f"{name} ({role})"):
            assert client.get(url).status_code == 200, name


def test_explorer_shows_a_section_twenty_pages_at_a_time(admin_client_logged_in):
    """Each row of the explorer renders its own menu of actions: a large section is paged,
    and its last page holds the rest."""
    fyrbodal = section("Fyrbodal")
    children = fyrbodal.get_children().count()
    assert children > EXPLORER_PAGE_SIZE
    last_page = -(-children // EXPLORER_PAGE_SIZE)

    def rows(page):
        response = admin_client_logged_in.get(f"/admin/pages/{fyrbodal.pk}/?p={page}")
        return BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")

    assert len(rows(1)) == EXPLORER_PAGE_SIZE
    assert len(rows(last_page)) == children - (last_page - 1) * EXPLORER_PAGE_SIZE
