"""Every public page type shows what a visitor expects, in Swedish, within a query budget."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from pages.models import GroupMeeting, NewsIndexPage, SectionContact, SiteSettings
from tests.factories.agreements import register
from tests.factories.pages import (
    ContactFactory,
    ContentPageFactory,
    DocumentFactory,
    GroupDocumentFactory,
    GroupMeetingFactory,
    GroupMemberFactory,
    GroupPageFactory,
    NewsPageFactory,
    StatusReportIndexPageFactory,
    county,
    home,
    news_index,
    section,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12
SECTIONS = ["Länsnivå", "Fyrbodal", "Skaraborg", "Södra Älvsborg", "Göteborgsområdet", "SIMBA"]
SECTIONS.append("SAMLA")
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def get_html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def texts(soup, selector):
    return [element.get_text(strip=True) for element in soup.select(selector)]


def news_in(section_page, count, **fields):
    """``count`` news in a section, the newest first."""
    index = news_index(section_page)
    return [NewsPageFactory(parent=index, date=days(-n), **fields) for n in range(count)]


TABLE = {
    "table_caption": "Tidsgränser vid utskrivning",
    "table_header_choice": "row",
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "data": [["Steg", "Senast"], ["Inskrivningsmeddelande", "Inom 24 timmar"]],
    "cell": [],
    "mergeCells": [],
}


def content_page(**fields):
    """A content page of every kind of block an editor uses, reviewed a month ago."""
    contact = ContactFactory()
    document = DocumentFactory(title="Riktlinje för utskrivning")
    body = [
        ("heading", {"text": "Så går det till", "level": "h2"}),
        ("paragraph", "<p>Kommunen och regionen planerar utskrivningen tillsammans.</p>"),
        ("table", TABLE),
        ("callout", {"kind": "important", "title": "Kom ihåg", "text": "<p>Ring först.</p>"}),
        ("documents", {"heading": "Dokument", "documents": [{"document": document, "title": ""}]}),
        ("contact", {"contact": contact}),
    ]
    fields = {"title": "Samverkan vid in- och utskrivning", "last_reviewed": days(-30)} | fields
    return ContentPageFactory(body=body, **fields)


def group_page(**fields):
    """A group with members, meetings before and after today, minutes and a contact."""
    group = GroupPageFactory(contact=ContactFactory(), **fields)
    for name in ("Anna Ordförande", "Bengt Ledamot", "Cecilia Sekreterare"):
        GroupMemberFactory(page=group, name=name)
    for offset in (40, 10, -20, -5):
        GroupMeetingFactory(page=group, date=days(offset), place=f"Sal {offset}")
    GroupDocumentFactory(page=group, meeting_date=days(-20))
    return group


# -- home, sections and the site chrome ---------------------------------------------------


def test_home_links_all_seven_sections_and_is_swedish(client):
    soup = get_html(client, "/")
    assert soup.html["lang"] == "sv"
    links = {a["href"] for a in soup.select("main a")}
    for short_name in SECTIONS:
        assert section(short_name).url in links, short_name
    nav = texts(soup, "nav[aria-label=Huvudmeny] a")
    assert nav[0] == "Avtal och överenskommelser"
    assert set(SECTIONS + ["Nyheter"]) <= set(nav)


def test_home_shows_the_newest_news_of_every_section_with_its_name(client):
    news_in(section("Skaraborg"), 1, title="Nytt från Skaraborg")
    news_in(county(), 1, title="Nytt från länet")
    soup = get_html(client, "/")
    cards = {card.a.get_text(strip=True): card.get_text() for card in soup.select(".news-list li")}
    assert "Skaraborg" in cards["Nytt från Skaraborg"]
    assert "Länsnivå" in cards["Nytt från länet"]


def test_every_page_has_a_working_skip_link_and_landmarks(client):
    soup = get_html(client, section("Fyrbodal").url)
    assert soup.select_one("a.skip-link")["href"] == "#innehall"
    assert soup.select_one("main#innehall")
    assert soup.select_one("header") and soup.select_one("footer")
    assert len(soup.select("h1")) == 1


@pytest.mark.parametrize("short_name", SECTIONS)
def test_section_page_lists_the_municipalities_it_covers(client, short_name):
    section_page = section(short_name)
    soup = get_html(client, section_page.url)
    municipalities = texts(soup, ".municipality-list li")
    assert municipalities == sorted(m.name for m in section_page.covered_municipalities)
    assert len(municipalities) == {"Länsnivå": 49, "Fyrbodal": 15, "SAMLA": 2}.get(
        short_name, len(municipalities)
    )
    if short_name == "SAMLA":
        assert municipalities == ["Alingsås", "Lerum"]


@pytest.mark.parametrize("short_name", ["Länsnivå", "Fyrbodal"])
def test_section_page_shows_its_groups_and_its_three_newest_news(client, short_name):
    section_page = section(short_name)
    groups = GroupPageFactory.create_batch(2, parent=section_page)
    GroupPageFactory(parent=section_page, title="Opublicerad grupp", publish=False)
    news = news_in(section_page, 4)
    soup = get_html(client, section_page.url)
    assert set(texts(soup, "#section-groups ~ ul a")) == {group.title for group in groups}
    assert texts(soup, "#section-news ~ ul a") == [item.title for item in news[:3]]


def test_section_page_without_groups_or_news_says_so(client):
    soup = get_html(client, section("SIMBA").url)
    text = soup.select_one("main").get_text()
    assert "Inga grupper är publicerade för SIMBA ännu." in text
    assert "Inga nyheter är publicerade för SIMBA ännu." in text


def test_fyrbodal_section_does_not_list_skaraborg_news(client):
    news_in(section("Fyrbodal"), 1, title="Fyrbodals nyhet")
    news_in(section("Skaraborg"), 1, title="Skaraborgs nyhet")
    text = get_html(client, section("Fyrbodal").url).get_text()
    assert "Fyrbodals nyhet" in text and "Skaraborgs nyhet" not in text


def test_section_page_links_its_other_pages_but_not_the_news_list(client):
    reports = StatusReportIndexPageFactory(parent=county())
    guide = ContentPageFactory(parent=county(), title="Samverkan vid in- och utskrivning")
    news_in(county(), 1)
    soup = get_html(client, county().url)
    more = {a.get_text(strip=True): a["href"] for a in soup.select("#section-more ~ ul a")}
    assert more == {reports.title: reports.url, guide.title: guide.url}


def test_footer_comes_from_site_settings(client):
    statement = ContentPageFactory(parent=home(), title="Tillgänglighetsredogörelse")
    unpublished = ContentPageFactory(parent=home(), title="Kakor", publish=False)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "070-174 06 42"
    settings.accessibility_page = statement
    settings.cookies_page = unpublished
    settings.save()
    footer = get_html(client, "/").select_one("footer")
    assert "070-174 06 42" in footer.get_text()
    assert footer.find("a", string="Tillgänglighetsredogörelse")["href"] == statement.url
    assert not footer.find("a", string="Kakor"), "an unpublished page is not linked"


# -- groups ---------------------------------------------------------------------------------


def test_group_page_shows_members_and_upcoming_meetings_first(client):
    group = group_page(title="VVG – Vård- och välfärdsgruppen", parent=county())
    soup = get_html(client, group.url)
    assert texts(soup, "#group-members ~ div table tbody th") == [
        "Anna Ordförande",
        "Bengt Ledamot",
        "Cecilia Sekreterare",
    ]
    assert soup.select_one(".page-header__kicker").get_text(strip=True) == "Arbetsgrupp · Länsnivå"
    upcoming = [t["datetime"] for t in soup.select(".meeting-list:not(.meeting-list--past) time")]
    past = [t["datetime"] for t in soup.select(".meeting-list--past time")]
    assert upcoming == [days(10).isoformat(), days(40).isoformat()]
    assert past == [days(-5).isoformat(), days(-20).isoformat()]
    assert "Kommande möten" in soup.get_text() and "Tidigare möten" in soup.get_text()
    minutes = soup.select_one("#group-documents ~ ul").get_text(" ", strip=True)
    assert "PDF" in minutes and "Protokoll" in minutes  # file type, size and kind


def test_group_page_moves_a_meeting_to_past_once_it_has_happened(client):
    group = group_page()
    GroupMeeting.objects.create(page=group, date=days(-1), place="Igår-salen")
    soup = get_html(client, group.url)
    assert "Igår-salen" in soup.select_one(".meeting-list--past").get_text()


def test_group_page_without_members_meetings_or_documents_says_so(client):
    text = get_html(client, GroupPageFactory().url).select_one("main").get_text()
    assert "Ledamöterna är inte publicerade ännu." in text
    assert "Inga kommande möten är inlagda." in text
    assert "Inga protokoll eller dokument är publicerade ännu." in text


# -- content pages --------------------------------------------------------------------------


def test_content_page_renders_blocks_subpages_and_review_date(client):
    page = content_page(parent=county())
    sub = ContentPageFactory(parent=page, title="Checklista")
    ContentPageFactory(parent=page, title="Utkast till checklista", publish=False)
    soup = get_html(client, page.url)
    table = soup.select_one("main table")
    assert table.caption.get_text(strip=True) == "Tidsgränser vid utskrivning"
    assert table.select("thead th[scope=col]")
    assert soup.select_one(".callout").get_text().strip().startswith("Viktigt")
    subpages = soup.select_one("nav.subpages")
    assert subpages.h2.get_text() == "Mer om samverkan vid in- och utskrivning"
    assert [(a.get_text(), a["href"]) for a in subpages("a")] == [("Checklista", sub.url)]
    assert "Senast granskad" in soup.select_one(".page-footer").get_text()


# -- news -----------------------------------------------------------------------------------


def test_sitewide_news_aggregates_every_section_with_its_name(client):
    news_in(county(), 1, title="Länsnyhet")
    news_in(section("Fyrbodal"), 1, title="Fyrbodalsnyhet")
    news_in(section("Göteborgsområdet"), 1, title="Göteborgsnyhet")
    soup = get_html(client, NewsIndexPage.objects.child_of(home()).get().url)
    cards = {card.a.get_text(strip=True): card.get_text() for card in soup.select(".news-list li")}
    assert set(cards) == {"Länsnyhet", "Fyrbodalsnyhet", "Göteborgsnyhet"}
    assert "Länsnivå" in cards["Länsnyhet"] and "Fyrbodal" in cards["Fyrbodalsnyhet"]
    assert "Göteborgsområdet" in cards["Göteborgsnyhet"]


def test_news_listing_paginates_with_swedish_parameter(client, monkeypatch):
    monkeypatch.setattr(NewsIndexPage, "per_page", 2)
    index = news_index(section("Fyrbodal"))
    news = news_in(section("Fyrbodal"), 3)
    first = get_html(client, index.url)
    assert texts(first, "main .news-list a") == [item.title for item in news[:2]]
    assert "3 nyheter" in first.get_text() and "Sida 1 av 2" in first.get_text()
    assert first.select_one(".pagination a[rel=next]")["href"] == "?sida=2"
    second = get_html(client, index.url, sida=2)
    assert texts(second, "main .news-list a") == [news[2].title]
    assert "Sida 2 av 2" in second.get_text()
    assert texts(get_html(client, index.url, sida=9), "main .news-list a") == [news[2].title]
    for odd in ["abc", "-3", "99999999999999999999", "1%00", ""]:
        assert client.get(index.url, {"sida": odd}).status_code == 200


def test_news_page_shows_date_section_and_breadcrumbs(client):
    news = NewsPageFactory(parent=news_index(section("Fyrbodal")), date=days(-3))
    soup = get_html(client, news.url)
    crumbs = texts(soup, "nav[aria-label='Du är här'] a")
    assert crumbs == ["Startsida", "Vårdsamverkan Fyrbodal", "Nyheter", news.title]
    assert soup.select_one("nav[aria-label='Du är här'] [aria-current=page]")["href"] == news.url
    assert soup.select_one(".page-header__kicker").get_text(strip=True) == "Nyhet · Fyrbodal"
    assert soup.select_one("main time")["datetime"] == news.date.isoformat()


# -- what is not public ---------------------------------------------------------------------


def test_drafts_are_not_public(client):
    draft = NewsPageFactory(parent=news_index(section("Fyrbodal")), title="Hemligt utkast")
    draft.unpublish()
    assert client.get(draft.url).status_code == 404
    assert "Hemligt utkast" not in client.get(section("Fyrbodal").url).content.decode()
    never = NewsPageFactory(parent=news_index(section("Fyrbodal")), publish=False)
    assert client.get(never.url).status_code == 404


def test_pages_behind_a_login_stay_out_of_lists(client):
    private = ContentPageFactory(parent=section("Fyrbodal"), title="Intern arbetsgrupp")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    index = news_index(section("Fyrbodal"))
    internal = NewsPageFactory(parent=index, title="Intern nyhet")
    PageViewRestriction.objects.create(page=internal, restriction_type="login")
    assert client.get(private.url).status_code == 302  # to the login page
    for url in ("/", section("Fyrbodal").url, index.url):
        html = client.get(url).content.decode()
        assert "Intern arbetsgrupp" not in html and "Intern nyhet" not in html, url


def test_a_publication_shows_at_once_on_every_list(client):
    news_in(section("Fyrbodal"), 1, title="Första nyheten")
    urls = ["/", section("Fyrbodal").url, news_index(section("Fyrbodal")).url]
    for url in urls:
        assert "Första nyheten" in client.get(url).content.decode()
    news_in(section("Fyrbodal"), 1, title="Andra nyheten")
    for url in urls:
        assert "Andra nyheten" in client.get(url).content.decode(), url


def test_404_page_is_swedish_and_helpful(client):
    response = client.get("/finns-inte-alls/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Sidan hittades inte"
    assert soup.select_one("main form[role=search]")
    link = soup.find("a", string="Gå till Avtal och överenskommelser")
    assert link["href"] == register().url


def test_500_page_is_swedish_and_needs_no_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "sv"
    assert soup.h1.get_text(strip=True) == "Något gick fel"


# -- query budgets --------------------------------------------------------------------------


def site_with_every_page_type():
    """One URL per public page type, each with the lists it shows filled."""
    fyrbodal = section("Fyrbodal")
    for section_page in (county(), fyrbodal):
        group_page(parent=section_page)
        news_in(section_page, 2)
        SectionContact.objects.create(page=section_page, contact=ContactFactory())
    content = content_page(parent=county())
    ContentPageFactory(parent=content)
    return {
        "HomePage": "/",
        "SectionPage (county)": county().url,
        "SectionPage": fyrbodal.url,
        "GroupPage": group_page(parent=fyrbodal).url,
        "ContentPage": content.url,
        "NewsIndexPage (site-wide)": NewsIndexPage.objects.child_of(home()).get().url,
        "NewsIndexPage (section)": news_index(fyrbodal).url,
        "NewsPage": news_in(fyrbodal, 1)[0].url,
    }


def test_every_public_page_type_stays_within_the_query_budget(render_queries):
    """Rendered anew with warm shared caches, no page runs more than QUERY_BUDGET queries.

    Its content then comes from the fragment cache, so the page runs only the queries that
    find it (site, routing a level at a time, view restrictions: two per level of the tree)
    and none for its lists, members, meetings, contacts or documents.
    """
    for url in site_with_every_page_type().values():
        depth = 2 + len(url.strip("/").split("/")) if url != "/" else 2
        assert 2 * depth <= QUERY_BUDGET
        render_queries(url, 2 * depth)


def test_a_section_with_many_groups_shows_them_by_type_a_page_at_a_time(client):
    fyrbodal = section("Fyrbodal")
    per_page = type(fyrbodal).groups_per_page
    for n in range(per_page + 6):
        GroupPageFactory(
            parent=fyrbodal,
            title=f"Grupp {n:02d}",
            group_type="styrgrupp" if n % 3 == 0 else "arbetsgrupp",
        )
    first = get_html(client, fyrbodal.url)
    assert len(first.select(".card-list .card__title a")) == per_page
    summary = first.select_one(".result-count").get_text(" ", strip=True)
    assert f"{per_page + 6} grupper" in summary
    assert "arbetsgrupp 20" in summary and "styrgrupp 10" in summary
    headings = [h.get_text(strip=True) for h in first.select("h3")]
    assert headings.index("Arbetsgrupp") < headings.index("Styrgrupp")
    second = get_html(client, fyrbodal.url + "?sida=2")
    titles = {a.get_text(strip=True) for a in second.select(".card-list .card__title a")}
    assert len(titles) == 6
    seen = {a.get_text(strip=True) for a in first.select(".card-list .card__title a")} | titles
    assert seen == {f"Grupp {n:02d}" for n in range(per_page + 6)}
