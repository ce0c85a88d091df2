"""Findable from outside and a clean move from the old sites: sitemap, robots.txt, redirects,
and the stale-content report."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from agreements.models import Agreement, Task
from agreements.sitemaps import AgreementSitemap, PageSitemap
from pages.models import Municipality, NewsIndexPage
from tests.conftest import SITEMAP_NS, sitemap_entries
from tests.factories.agreements import AgreementFactory, days, register
from tests.factories.pages import (
    ContentPageFactory,
    GroupMeetingFactory,
    GroupPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    SurveyFormFieldFactory,
    SurveyPageFactory,
    county,
    editor,
    home,
    news_index,
    section,
)

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parent.parent / "docs"


def sitemap_urls(client):
    return sitemap_entries(client)


def register_url():
    return register().url


def test_sitemap_lists_every_published_page_and_agreement_with_dates(client):
    ContentPageFactory(parent=section("Fyrbodal"))
    NewsPageFactory()
    AgreementFactory.create_batch(2)
    entries = sitemap_urls(client)
    live_pages = Page.objects.live().public().filter(depth__gte=2)
    for page in live_pages:
        assert page.full_url in entries, page.url_path
    for agreement in Agreement.objects.public():
        url = f"http://localhost{register_url()}{agreement.slug}/"
        assert url in entries, agreement.slug
        # The date in Sweden (the sitemap's), not in UTC: they differ on New Year's Eve.
        assert entries[url].startswith(timezone.localdate(agreement.last_published_at).isoformat())
    # Each municipality's generated page (/kommun/<kortadress>/) is listed too.
    for municipality in Municipality.objects.all():
        assert f"http://localhost/kommun/{municipality.slug}/" in entries, municipality.name
    assert all(entries.values()), "every entry has a last-modified date"
    # And each task's page (/avtal/uppgift/<kortnamn>/).
    for slug in Task.objects.values_list("slug", flat=True):
        assert f"http://localhost{register_url()}uppgift/{slug}/" in entries, slug
    generated = Municipality.objects.count() + Task.objects.count()
    assert Municipality.objects.count() == 49
    assert len(entries) == live_pages.count() + Agreement.objects.public().count() + generated


def test_sitemap_is_an_index_of_files_of_bounded_size(client, monkeypatch):
    """However large the site, each sitemap file holds at most a fixed number of entries
    (search engines fetch the index and then each file)."""
    monkeypatch.setattr(PageSitemap, "limit", 3)
    monkeypatch.setattr(AgreementSitemap, "limit", 2)
    for n in range(4):
        ContentPageFactory(parent=section("Fyrbodal"), slug=f"sida-{n}")
    AgreementFactory.create_batch(5)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    files = [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]
    assert sum("sitemap-avtal.xml" in url for url in files) == 3  # 5 agreements, 2 a file
    assert sum("sitemap-sidor.xml" in url for url in files) > 1
    entries = sitemap_urls(client)
    generated = Municipality.objects.count() + Task.objects.count()  # routable pages' URLs
    assert len(entries) == Page.objects.live().public().filter(depth__gte=2).count() + 5 + generated
    assert client.get("/sitemap-avtal.xml?p=99").status_code == 404


def test_sitemap_leaves_out_drafts_private_pages_and_draft_agreements(client):
    ContentPageFactory(parent=section("Fyrbodal"), slug="utkastsida", publish=False)
    private = ContentPageFactory(parent=section("Fyrbodal"), slug="intern-sida")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft_agreement = AgreementFactory(slug="utkastavtal", publish=False)
    entries = " ".join(sitemap_urls(client))
    assert "/utkastsida/" not in entries
    assert "/intern-sida/" not in entries
    assert draft_agreement.slug not in entries


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for rule in ["Disallow: /admin/", "Disallow: /sok/", "Disallow: /*?"]:
        assert rule in text


def test_imported_redirects_answer_301_to_the_new_pages(client):
    vvg = GroupPageFactory(parent=county(), title="VVG", slug="vvg")
    AgreementFactory(slug="in-och-utskrivning")
    call_command(
        "import_redirects",
        "--src",
        str(DOCS / "redirects-example.csv"),
        "--from",
        "0",
        "--to",
        "1",
        stdout=io.StringIO(),
    )
    checks = {
        "/organisation/delregionalvardsamverkan/fyrbodal/": section("Fyrbodal").url,
        "/organisation/lansgemensam-samverkan/vvg/": vvg.url,
        "/styrdokument/overenskommelser/in-och-utskrivning/": register_url()
        + "in-och-utskrivning/",
    }
    for old, new in checks.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "https://www.vardsamverkan.se" + new
        assert client.get(new).status_code == 200  # the target is a real page here
    # Re-importing creates no duplicates.
    from wagtail.contrib.redirects.models import Redirect

    count = Redirect.objects.count()
    call_command(
        "import_redirects",
        "--src",
        str(DOCS / "redirects-example.csv"),
        "--from",
        "0",
        "--to",
        "1",
        stdout=io.StringIO(),
    )
    assert Redirect.objects.count() == count


def test_renaming_a_page_keeps_its_old_url_working(client, django_capture_on_commit_callbacks):
    news = NewsPageFactory()
    old_url = news.url
    news.slug = "nytt-namn-pa-nyheten"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail acts after the commit
        news.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/nytt-namn-pa-nyheten/")


def test_moving_a_page_keeps_its_old_url_working(client):
    news = NewsPageFactory(parent=news_index(section("Fyrbodal")))
    old_url = news.url
    news.move(news_index(section("Skaraborg")), pos="last-child")
    news.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/skaraborg/nyheter/" + news.slug + "/")


# -- stale content report -------------------------------------------------------------------------

REPORT = "/admin/rapporter/inaktuellt-innehall/"


def login_as(user):
    client = Client()
    client.force_login(user)
    return client


def report_rows(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        row.select("td")[0].get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in soup.select("table tbody tr")
    }


def pages_to_review(short_name):
    """In a section: a page reviewed two years ago, a group whose meetings have all been held,
    and a group reviewed lately with a meeting ahead (which needs nothing)."""
    section_page = section(short_name)
    content = ContentPageFactory(
        parent=section_page, title=f"Rutin i {short_name}", last_reviewed=days(-730)
    )
    group = GroupPageFactory(
        parent=section_page, title=f"Grupp utan möten i {short_name}", last_reviewed=days(-10)
    )
    GroupMeetingFactory(page=group, date=days(-60))
    fresh = GroupPageFactory(
        parent=section_page, title=f"Aktiv grupp i {short_name}", last_reviewed=days(-10)
    )
    GroupMeetingFactory(page=fresh, date=days(30))
    return content, group, fresh


def test_stale_content_report_lists_the_right_pages(admin_client_logged_in):
    content, group, fresh_group = pages_to_review("Fyrbodal")
    never = GroupPageFactory(parent=county(), title="Ny grupp")
    rows = report_rows(admin_client_logged_in)
    assert not any(fresh_group.title in title for title in rows)
    content_row = next(text for title, text in rows.items() if content.title in title)
    assert f"Senast granskad {days(-730):%Y-%m-%d}" in content_row
    assert "Fyrbodal" in content_row and "Innehållssida" in content_row
    group_row = next(text for title, text in rows.items() if group.title in title)
    assert f"Inga kommande möten (senaste {days(-60):%Y-%m-%d})" in group_row
    assert "Grupp" in group_row
    never_row = next(text for title, text in rows.items() if never.title in title)
    assert "Aldrig granskad" in never_row and "Inga möten inlagda" in never_row
    assert "Länsnivå" in never_row


def test_each_sections_editors_see_their_own_stale_pages():
    fyr_content, fyr_group, _ = pages_to_review("Fyrbodal")
    ska_content, ska_group, _ = pages_to_review("Skaraborg")
    titles = " ".join(report_rows(login_as(editor(section("Fyrbodal")))))
    assert fyr_content.title in titles and fyr_group.title in titles
    assert ska_content.title not in titles and ska_group.title not in titles


def test_report_filters_by_section(admin_client_logged_in):
    fyr_content, _, _ = pages_to_review("Fyrbodal")
    ska_content, _, _ = pages_to_review("Skaraborg")
    titles = " ".join(report_rows(admin_client_logged_in, sektion=section("Skaraborg").path))
    assert ska_content.title in titles and fyr_content.title not in titles


# -- metadata on every public page --------------------------------------------------------------

SUFFIX = " – Vårdsamverkan i Västra Götaland"


def public_page_urls():
    """One URL per public page type (plus the register's detail pages), each page built with
    what an editor fills in: an intro or summary for the description."""
    report_index = StatusReportIndexPageFactory(parent=county())
    survey = SurveyPageFactory()
    SurveyFormFieldFactory(page=survey, label="Hittade du det du sökte?")
    AgreementFactory(slug="in-och-utskrivning", title="Samverkan vid in- och utskrivning")
    register_page = register_url()
    return {
        "home": "/",
        "section county": county().url,
        "section": section("Fyrbodal").url,
        "group": GroupPageFactory().url,
        "content": ContentPageFactory(parent=section("Fyrbodal")).url,
        "news sitewide": NewsIndexPage.objects.child_of(home()).get().url,
        "news section": NewsIndexPageFactory(
            parent=section("Fyrbodal"),
            title="Nyheter från Fyrbodal",
            intro="Aktuellt från samverkan i Fyrbodal.",
        ).url,
        "news page": NewsPageFactory().url,
        "register": register_page,
        "agreement": register_page + "in-och-utskrivning/",
        "status report index": report_index.url,
        "status report": StatusReportPageFactory(parent=report_index).url,
        "survey": survey.url,
    }


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").head


def test_every_public_page_type_has_title_description_canonical_and_open_graph(client):
    urls = public_page_urls()
    titles = {}
    for name, url in urls.items():
        head = head_of(client, url)
        title = head.title.get_text()
        assert title.endswith(SUFFIX) and len(title) > len(SUFFIX), (name, title)
        titles[title] = name
        description = head.select_one("meta[name=description]")
        assert description and len(description["content"]) > 20, name
        canonical = head.select_one("link[rel=canonical]")["href"]
        assert canonical.startswith("http") and canonical.endswith(url), (name, canonical)
        assert "?" not in canonical
        og = {m["property"]: m["content"] for m in head.select("meta[property^='og:']")}
        assert og["og:site_name"] == "Vårdsamverkan i Västra Götaland", name
        assert og["og:title"] and og["og:description"] and og["og:url"] == canonical, name
    assert len(titles) == len(urls), "every page type has a title of its own"


def test_filtered_register_views_canonicalise_to_the_register(client):
    register = register_url()
    head = head_of(client, register + "?kommun=Lerum&typ=avtal&sida=2")
    assert head.select_one("link[rel=canonical]")["href"].endswith(register)


def test_agreement_detail_uses_its_own_title_and_summary(client):
    agreement = AgreementFactory(
        slug="in-och-utskrivning",
        title="Samverkan vid in- och utskrivning",
        summary="Hur kommunerna och regionen planerar utskrivningen från sluten vård.",
    )
    head = head_of(client, register_url() + "in-och-utskrivning/")
    assert head.title.get_text() == agreement.title + SUFFIX
    assert head.select_one("meta[name=description]")["content"].startswith(agreement.summary[:50])


def test_feeds_are_linked_in_the_head_where_they_apply(client):
    AgreementFactory(slug="in-och-utskrivning")
    for url in [
        register_url(),
        register_url() + "in-och-utskrivning/",
        StatusReportIndexPageFactory(parent=county()).url,
    ]:
        feed = head_of(client, url).select_one("link[rel=alternate][type='application/atom+xml']")
        assert feed is not None, url
        assert client.get(feed["href"]).status_code == 200
