"""Findable from outside and a clean move from the old sites: sitemap, robots.txt, redirects,
and the stale-content report."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from agreements.models import Agreement
from pages.models import ContentPage, GroupMeeting, GroupPage, NewsIndexPage, NewsPage, SectionPage
from tests.agreements_helpers import make_agreement, register_url

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DOCS = Path(__file__).resolve().parent.parent / "docs"


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP_NS}urlset"
    entries = {}
    for url in root.findall(f"{SITEMAP_NS}url"):
        lastmod = url.find(f"{SITEMAP_NS}lastmod")
        entries[url.find(f"{SITEMAP_NS}loc").text] = lastmod.text if lastmod is not None else None
    return entries


def test_sitemap_lists_every_published_page_and_agreement_with_dates(client):
    entries = sitemap_urls(client)
    live_pages = Page.objects.live().public().filter(depth__gte=2)
    for page in live_pages:
        assert page.full_url in entries, page.url_path
    for agreement in Agreement.objects.public():
        url = f"http://localhost{register_url()}{agreement.slug}/"
        assert url in entries, agreement.slug
        assert entries[url].startswith(agreement.last_published_at.date().isoformat()[:4])
    assert all(entries.values()), "every entry has a last-modified date"
    assert len(entries) == live_pages.count() + Agreement.objects.public().count()


def test_sitemap_leaves_out_drafts_private_pages_and_draft_agreements(client):
    section = SectionPage.objects.get(short_name="Fyrbodal")
    draft = ContentPage(title="Utkastsida", slug="utkastsida", live=False)
    section.add_child(instance=draft)
    private = ContentPage(title="Intern sida", slug="intern-sida")
    section.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft_agreement = make_agreement(slug="utkastavtal", publish=False)
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
        "/organisation/delregionalvardsamverkan/fyrbodal/": SectionPage.objects.get(
            short_name="Fyrbodal"
        ).url,
        "/organisation/lansgemensam-samverkan/vvg/": GroupPage.objects.get(slug="vvg").url,
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
    news = NewsPage.objects.live().first()
    old_url = news.url
    news.slug = "nytt-namn-pa-nyheten"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail acts after the commit
        news.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/nytt-namn-pa-nyheten/")


def test_moving_a_page_keeps_its_old_url_working(client):
    news = NewsPage.objects.live().first()
    old_url = news.url
    target = NewsIndexPage.objects.exclude(pk=news.get_parent().pk).filter(depth=4).first()
    news.move(target, pos="last-child")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(NewsPage.objects.get(pk=news.pk).url)


# -- stale content report -------------------------------------------------------------------------

REPORT = "/admin/rapporter/inaktuellt-innehall/"


def login_as(group_name):
    user = get_user_model().objects.create_user(
        username=f"u{Group.objects.get(name=group_name).pk}", password="x-test-password-1"
    )
    user.groups.add(Group.objects.get(name=group_name))
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


def backdate(section_name):
    section = SectionPage.objects.get(short_name=section_name)
    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 2)
    content = ContentPage.objects.descendant_of(section).first()
    ContentPage.objects.filter(pk=content.pk).update(last_reviewed=long_ago)
    group = GroupPage.objects.child_of(section).first()
    GroupMeeting.objects.filter(page=group, date__gte=timezone.localdate()).delete()
    fresh_group = GroupPage.objects.child_of(section).last()
    return content, group, fresh_group


def test_stale_content_report_lists_the_right_pages(admin_client_logged_in):
    content, group, fresh_group = backdate("Fyrbodal")
    rows = report_rows(admin_client_logged_in)
    assert any(content.title in title for title in rows)
    assert any(group.title in title for title in rows)
    assert not any(fresh_group.title in title for title in rows)
    content_row = next(text for title, text in rows.items() if content.title in title)
    assert "Senast granskad" in content_row and "Fyrbodal" in content_row
    group_row = next(text for title, text in rows.items() if group.title in title)
    assert "Inga kommande möten" in group_row


def test_each_sections_editors_see_their_own_stale_pages():
    fyr_content, fyr_group, _ = backdate("Fyrbodal")
    ska_content, ska_group, _ = backdate("Skaraborg")
    rows = report_rows(login_as("Redaktör – Fyrbodal"))
    titles = " ".join(rows)
    assert fyr_content.title in titles and fyr_group.title in titles
    assert ska_content.title not in titles and ska_group.title not in titles


def test_report_filters_by_section(admin_client_logged_in):
    fyr_content, _, _ = backdate("Fyrbodal")
    ska_content, _, _ = backdate("Skaraborg")
    path = SectionPage.objects.get(short_name="Skaraborg").path
    titles = " ".join(report_rows(admin_client_logged_in, sektion=path))
    assert ska_content.title in titles and fyr_content.title not in titles


# -- metadata on every public page --------------------------------------------------------------

SUFFIX = " – Vårdsamverkan i Västra Götaland"


def public_page_urls():
    """One URL per public page type (plus the register's detail pages and filtered views)."""
    from pages.models import HomePage, StatusReportIndexPage, StatusReportPage, SurveyPage

    def first(model, **filters):
        return model.objects.live().filter(**filters).order_by("path").first().url

    register = register_url()
    return {
        "home": "/",
        "section county": first(SectionPage, level="county"),
        "section": first(SectionPage, level="subregional"),
        "group": first(GroupPage),
        "content": first(ContentPage, depth__gte=4),
        "news sitewide": NewsIndexPage.objects.child_of(HomePage.objects.get()).get().url,
        "news section": first(NewsIndexPage, depth=4),
        "news page": first(NewsPage),
        "register": register,
        "agreement": register + "in-och-utskrivning/",
        "status report index": first(StatusReportIndexPage),
        "status report": first(StatusReportPage),
        "survey": first(SurveyPage),
    }


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").head


def test_every_public_page_type_has_title_description_canonical_and_open_graph(client):
    titles = {}
    for name, url in public_page_urls().items():
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
    assert len(titles) == len(public_page_urls()), "every page type has a title of its own"


def test_filtered_register_views_canonicalise_to_the_register(client):
    register = register_url()
    head = head_of(client, register + "?kommun=Lerum&typ=avtal&sida=2")
    assert head.select_one("link[rel=canonical]")["href"].endswith(register)


def test_agreement_detail_uses_its_own_title_and_summary(client):
    agreement = Agreement.objects.get(slug="in-och-utskrivning")
    head = head_of(client, register_url() + "in-och-utskrivning/")
    assert head.title.get_text() == agreement.title + SUFFIX
    assert head.select_one("meta[name=description]")["content"].startswith(agreement.summary[:50])


def test_feeds_are_linked_in_the_head_where_they_apply(client):
    from pages.models import StatusReportIndexPage

    for url in [
        register_url(),
        register_url() + "in-och-utskrivning/",
        StatusReportIndexPage.objects.live().first().url,
    ]:
        feed = head_of(client, url).select_one("link[rel=alternate][type='application/atom+xml']")
        assert feed is not None, url
        assert client.get(feed["href"]).status_code == 200
