"""Every public page type renders the demo content a visitor expects, within a query budget."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from pages.models import (
    ContentPage,
    GroupMeeting,
    GroupPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.conftest import first_of_type

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_home_links_all_seven_sections_and_is_swedish(client, sections):
    soup = get_html(client, "/")
    assert soup.html["lang"] == "sv"
    links = {a["href"] for a in soup.select("main a")}
    for section in sections.values():
        assert section.url in links, section.title
    nav = [a.get_text(strip=True) for a in soup.select("nav[aria-label=Huvudmeny] a")]
    for name in [
        "Länsnivå",
        "Fyrbodal",
        "Skaraborg",
        "Södra Älvsborg",
        "Göteborgsområdet",
        "SIMBA",
        "SAMLA",
        "Nyheter",
    ]:
        assert name in nav


def test_every_page_has_a_working_skip_link_and_landmarks(client, sections):
    soup = get_html(client, sections["Fyrbodal"].url)
    skip = soup.select_one("a.skip-link")
    assert skip["href"] == "#innehall"
    assert soup.select_one("main#innehall")
    assert soup.select_one("header") and soup.select_one("footer")
    assert len(soup.select("h1")) == 1


@pytest.mark.parametrize(
    "short_name",
    ["Länsnivå", "Fyrbodal", "Skaraborg", "Södra Älvsborg", "Göteborgsområdet", "SIMBA", "SAMLA"],
)
def test_section_page_shows_municipalities_groups_and_news(client, sections, short_name):
    section = sections[short_name]
    soup = get_html(client, section.url)
    municipalities = [li.get_text(strip=True) for li in soup.select(".municipality-list li")]
    assert municipalities == sorted(m.name for m in section.covered_municipalities)
    expected_count = 49 if section.is_county else section.municipalities.count()
    assert len(municipalities) == expected_count
    group_titles = {a.get_text(strip=True) for a in soup.select("#section-groups ~ ul a")}
    assert group_titles == set(
        GroupPage.objects.live().child_of(section).values_list("title", flat=True)
    )
    assert len(group_titles) >= 2
    news = NewsPage.objects.live().descendant_of(section)
    news_titles = {a.get_text(strip=True) for a in soup.select("#section-news ~ ul a")}
    assert news_titles, "every demo section has news"
    assert news_titles == set(news.order_by("-date")[:3].values_list("title", flat=True))


def test_fyrbodal_section_does_not_list_skaraborg_news(client, sections):
    soup = get_html(client, sections["Fyrbodal"].url)
    text = soup.get_text()
    for title in NewsPage.objects.descendant_of(sections["Skaraborg"]).values_list(
        "title", flat=True
    ):
        assert title not in text


def test_group_page_shows_members_and_upcoming_meetings_first(client):
    group = first_of_type(GroupPage, title__startswith="VVG")
    today = timezone.localdate()
    soup = get_html(client, group.url)
    rows = soup.select("#group-members ~ div table tbody tr")
    assert len(rows) == group.members.count()
    assert rows[0].th.get_text(strip=True) == group.members.first().name
    upcoming = [t["datetime"] for t in soup.select(".meeting-list:not(.meeting-list--past) time")]
    past = [t["datetime"] for t in soup.select(".meeting-list--past time")]
    assert upcoming == sorted(upcoming) and all(d >= today.isoformat() for d in upcoming)
    assert past == sorted(past, reverse=True) and all(d < today.isoformat() for d in past)
    assert soup.find(string=lambda s: s and "Kommande möten" in s)
    # Minutes are listed with file type and size.
    assert "PDF" in soup.select_one("#group-documents ~ ul").get_text()


def test_group_page_moves_a_meeting_to_past_once_it_has_happened(client):
    group = first_of_type(GroupPage, title__startswith="VVG")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    GroupMeeting.objects.create(page=group, date=yesterday, place="Igår-salen")
    soup = get_html(client, group.url)
    assert "Igår-salen" in soup.select_one(".meeting-list--past").get_text()


def test_content_page_renders_blocks_and_review_date(client):
    page = first_of_type(ContentPage, title="Samverkan vid in- och utskrivning")
    soup = get_html(client, page.url)
    table = soup.select_one("main table")
    assert table.caption.get_text(strip=True) == "Tidsgränser vid utskrivning"
    assert table.select("thead th[scope=col]")
    assert soup.select_one(".callout").get_text().strip().startswith("Viktigt")
    assert "Senast granskad" in soup.get_text()


def test_sitewide_news_aggregates_every_section_with_its_name(client, home):
    index = NewsIndexPage.objects.child_of(home).get()
    soup = get_html(client, index.url)
    titles = [a.get_text(strip=True) for a in soup.select("main .news-list a")]
    assert len(titles) == NewsPage.objects.live().count()
    meta = " ".join(p.get_text() for p in soup.select("main .news-list .card__meta"))
    for name in ["Länsnivå", "Fyrbodal", "Göteborgsområdet"]:
        assert name in meta


def test_news_listing_paginates_with_swedish_parameter(client, sections):
    index = NewsIndexPage.objects.child_of(sections["Fyrbodal"]).get()
    for number in range(12):
        index.add_child(
            instance=NewsPage(title=f"Extra nyhet {number}", intro="Text.", slug=f"extra-{number}")
        )
    first = get_html(client, index.url)
    assert len(first.select("main .news-list > li")) == NewsIndexPage.per_page
    assert "Sida 1 av 2" in first.get_text()
    second = get_html(client, index.url + "?sida=2")
    assert len(second.select("main .news-list > li")) == 14 - NewsIndexPage.per_page
    for odd in ["abc", "-3", "99999999999999999999", "1%00", ""]:
        assert client.get(index.url, {"sida": odd}).status_code == 200


def test_news_page_shows_date_section_and_breadcrumbs(client, sections):
    news = first_of_type(NewsPage, path__startswith=sections["Fyrbodal"].path)
    soup = get_html(client, news.url)
    crumbs = [a.get_text(strip=True) for a in soup.select("nav[aria-label='Du är här'] a")]
    assert crumbs[0] == "Startsida" and sections["Fyrbodal"].title in crumbs
    assert "Fyrbodal" in soup.select_one(".page-header__kicker").get_text()
    assert soup.select_one("main time")["datetime"] == news.date.isoformat()


def test_footer_comes_from_site_settings(client):
    from wagtail.models import Site

    from pages.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "070-174 06 42"
    settings.save()
    footer = get_html(client, "/").select_one("footer").get_text()
    assert "070-174 06 42" in footer
    assert "Tillgänglighetsredogörelse" in footer


def test_drafts_are_not_public(client, sections):
    draft = NewsPage(title="Hemligt utkast", intro="Inte publicerat.", slug="hemligt", live=False)
    NewsIndexPage.objects.child_of(sections["Fyrbodal"]).get().add_child(instance=draft)
    assert draft.url and client.get(draft.url).status_code == 404
    assert "Hemligt utkast" not in client.get(sections["Fyrbodal"].url).content.decode()


def test_404_page_is_swedish_and_helpful(client):
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Sidan hittades inte"
    assert soup.select_one("main form[role=search]")
    from agreements.models import AgreementIndexPage

    register = soup.find("a", string="Gå till Avtal och överenskommelser")
    assert register["href"] == AgreementIndexPage.objects.get().url


def page_urls():
    """One URL per public page type, from the demo content."""
    home_news = NewsIndexPage.objects.filter(depth=3).get()
    return {
        "HomePage": "/",
        "SectionPage (county)": SectionPage.objects.get(level="county").url,
        "SectionPage": SectionPage.objects.get(short_name="Fyrbodal").url,
        "GroupPage": first_of_type(GroupPage, title__startswith="VVG").url,
        "ContentPage": first_of_type(ContentPage, title="Samverkan vid in- och utskrivning").url,
        "NewsIndexPage (site-wide)": home_news.url,
        "NewsIndexPage (section)": NewsIndexPage.objects.filter(depth=4).first().url,
        "NewsPage": first_of_type(NewsPage).url,
    }


def test_every_public_page_type_stays_within_the_query_budget(render_queries):
    for url in page_urls().values():
        render_queries(url, QUERY_BUDGET)


def test_500_page_is_swedish_and_needs_no_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "sv"
    assert soup.h1.get_text(strip=True) == "Något gick fel"


def test_section_page_links_its_other_pages(client, sections):
    from pages.models import StatusReportIndexPage

    county = sections["Länsnivå"]
    soup = get_html(client, county.url)
    more = {a.get_text(strip=True): a["href"] for a in soup.select("#section-more ~ ul a")}
    reports = StatusReportIndexPage.objects.child_of(county).get()
    assert more[reports.title] == reports.url
    assert "Samverkan vid in- och utskrivning" in more
    assert not any(title.startswith("Nyheter") for title in more)  # news has its own list
