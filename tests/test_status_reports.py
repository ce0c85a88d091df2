"""Kommun-FVM monthly status reports: one report per month, Swedish headings derived from the
month, the index with the newest report and an archive by year, previous/next, the Atom
feed, and that nothing unpublished ever shows (issue 5)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from pages.models import (
    NewsIndexPage,
    SectionPage,
    StatusIndicator,
    StatusReportIndexPage,
    StatusReportPage,
)
from pages.models.reports import default_slug, default_title
from tests.factories.pages import (
    ContactFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    county,
    section,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
QUERY_BUDGET = 12


def month(year, number):
    return datetime.date(year, number, 1)


MONTHS = [month(2025, 11), month(2025, 12)] + [month(2026, m) for m in (1, 2, 3, 4)]
STATUS = StatusIndicator.Status


@pytest.fixture
def author(db):
    return ContactFactory(
        name="Ylva Brandt", role="Projektledare Kommun-FVM", email="ylva.brandt@example.org"
    )


@pytest.fixture
def index(author):
    """The Kommun-FVM index under the county section."""
    return StatusReportIndexPageFactory(parent=county(), title="Kommun-FVM", slug="kommun-fvm")


def add_report(index, report_month, **fields):
    """A report with the title and slug an editor's add form starts from."""
    fields = {"title": default_title(report_month), "slug": default_slug(report_month)} | fields
    return StatusReportPageFactory(parent=index, report_month=report_month, **fields)


@pytest.fixture
def report_by_month(index, author):
    """Six published reports, November 2025 to April 2026; March has a status table."""
    reports = {m: add_report(index, m, author=author) for m in MONTHS if m != month(2026, 3)}
    reports[month(2026, 3)] = add_report(
        index,
        month(2026, 3),
        author=author,
        indicators=[
            StatusIndicator(area="Tidplan", status=STATUS.RISK),
            StatusIndicator(area="Resurser", status=STATUS.RISK, comment="Två kommuner saknas."),
            StatusIndicator(area="Samverkan", status=STATUS.ON_TRACK),
        ],
    )
    return reports


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def h2_texts(soup):
    return [h.get_text(strip=True) for h in soup.select("main h2")]


def archive(soup):
    """[(year, [link texts...]), ...] as the index shows them."""
    return [
        (
            heading.get_text(strip=True),
            [a.get_text(strip=True) for a in heading.find_next("ul")("a")],
        )
        for heading in soup.select(".report-archive__year")
    ]


def add_form_data(author, report_month, title="Ny rapport", slug="ny-rapport"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "report_month": report_month,
            "summary": rich_text("<p>Summering av månaden.</p>"),
            "plan": rich_text("<p>Plan för nästa månad.</p>"),
            "author": author.pk,
            "indicators": inline_formset([{"area": "Tidplan", "status": "risk", "comment": ""}]),
        }
    )


# -- one report per month ---------------------------------------------------------------


def test_a_second_report_for_the_same_month_is_refused(index):
    add_report(index, month(2026, 3))
    before = StatusReportPage.objects.child_of(index).count()
    with pytest.raises(ValidationError) as error:
        add_report(index, month(2026, 3), slug="mars-igen")
    message = error.value.message_dict["report_month"][0]
    assert "Det finns redan en lägesrapport för mars 2026 i Kommun-FVM" in message
    assert StatusReportPage.objects.child_of(index).count() == before


def test_the_same_month_is_allowed_in_another_report_index(client, index):
    add_report(index, month(2026, 3))
    other = StatusReportIndexPageFactory(parent=section("Fyrbodal"), title="Annat projekt")
    report = add_report(other, month(2026, 3), summary="<p>Allt <b>gick</b> bra.</p>")
    assert report.live
    description = get_html(client, report.url).select_one("meta[name=description]")
    assert description["content"] == "Annat projekt mars 2026. Allt gick bra."


def test_the_month_is_stored_as_its_first_day(index):
    report = add_report(index, datetime.date(2026, 6, 17))
    assert report.report_month == month(2026, 6)
    assert report.summary_heading == "Summering juni"


def test_admin_refuses_a_second_report_for_a_month_on_the_month_field(
    admin_client_logged_in, index, author
):
    add_report(index, month(2026, 3))
    url = f"/admin/pages/add/pages/statusreportpage/{index.pk}/"
    before = StatusReportPage.objects.count()
    response = admin_client_logged_in.post(
        url, add_form_data(author, "2026-03") | {"action-publish": "1"}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # The message sits on the month field itself (the id its input points to).
    errors_id = soup.select_one("input[name=report_month]")["aria-describedby"].split()[-1]
    errors = soup.find(id=errors_id).get_text()
    assert "Det finns redan en lägesrapport för mars 2026 i Kommun-FVM" in errors
    assert StatusReportPage.objects.count() == before

    # The same form with a free month is accepted, so the refusal above was the month.
    response = admin_client_logged_in.post(
        url, add_form_data(author, "2026-05") | {"action-publish": "1"}
    )
    assert response.status_code == 302
    created = StatusReportPage.objects.child_of(index).get(report_month=month(2026, 5))
    assert created.live and created.indicators.get().status == "risk"


def test_admin_refuses_moving_a_report_to_a_taken_month(admin_client_logged_in, index, author):
    add_report(index, month(2026, 2))
    march = add_report(index, month(2026, 3))
    revisions = Revision.page_revisions.filter(object_id=str(march.pk)).count()
    data = add_form_data(author, "2026-02", title=march.title, slug=march.slug)
    response = admin_client_logged_in.post(
        f"/admin/pages/{march.pk}/edit/", data | {"action-publish": "1"}
    )
    assert response.status_code == 200
    assert "Det finns redan en lägesrapport för februari 2026" in response.content.decode()
    march.refresh_from_db()
    assert march.report_month == month(2026, 3)
    assert Revision.page_revisions.filter(object_id=str(march.pk)).count() == revisions


# -- headings derived from the month ----------------------------------------------------


@pytest.mark.parametrize(
    ("report_month", "summary", "plan"),
    [
        (month(2026, 3), "Summering mars", "Planering april"),
        (month(2025, 12), "Summering december", "Planering januari"),
        (month(2026, 1), "Summering januari", "Planering februari"),
        (month(2026, 5), "Summering maj", "Planering juni"),
    ],
)
def test_headings_are_derived_from_the_month_in_swedish(report_month, summary, plan):
    report = StatusReportPage(report_month=report_month)
    assert (report.summary_heading, report.plan_heading) == (summary, plan)


def test_december_report_page_plans_for_january(client, report_by_month):
    december = report_by_month[month(2025, 12)]
    soup = get_html(client, december.url)
    headings = h2_texts(soup)
    assert headings[:2] == ["Summering december", "Planering januari"]
    assert soup.h1.get_text(strip=True) == "Lägesrapport december 2025"


def test_report_page_shows_author_publish_date_and_status_in_words(client, report_by_month):
    march = report_by_month[month(2026, 3)]
    soup = get_html(client, march.url)
    assert len(soup.select("h1")) == 1
    assert h2_texts(soup)[:3] == ["Summering mars", "Planering april", "Status mars 2026"]
    card = soup.select_one(".contact-card")
    assert "Ylva Brandt" in card.get_text() and "Projektledare Kommun-FVM" in card.get_text()
    published = timezone.localtime(march.last_published_at).date()
    time = soup.find("time", attrs={"datetime": published.isoformat()})
    assert time is not None and "Senast publicerad" in time.parent.get_text()
    badges = [b.get_text(strip=True) for b in soup.select(".status-badge")]
    assert badges == ["Risk", "Risk", "Enligt plan"]  # words, not only colours


# -- index, archive and previous/next ---------------------------------------------------


def test_index_shows_newest_report_in_full_then_archive_by_year(client, index, report_by_month):
    soup = get_html(client, index.url)
    latest = soup.select_one(".report--latest")
    assert latest.h2.get_text(strip=True) == "Lägesrapport april 2026"
    assert latest.h2.a["href"] == report_by_month[month(2026, 4)].url
    assert [h.get_text(strip=True) for h in latest.select("h3")][:2] == [
        "Summering april",
        "Planering maj",
    ]
    assert "Ylva Brandt" in latest.get_text()
    assert archive(soup) == [
        ("2026", ["April 2026", "Mars 2026", "Februari 2026", "Januari 2026"]),
        ("2025", ["December 2025", "November 2025"]),
    ]
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".report-archive a")}
    assert links["Mars 2026"] == report_by_month[month(2026, 3)].url


def test_order_follows_the_month_not_the_title_or_creation(client, index, report_by_month):
    # Created last and titled to sort first: still the oldest month everywhere.
    october = add_report(index, month(2025, 10), title="AAA först i alfabetet")
    soup = get_html(client, index.url)
    assert archive(soup)[-1] == ("2025", ["December 2025", "November 2025", "Oktober 2025"])
    assert soup.select_one(".report--latest h2").get_text(strip=True) == "Lägesrapport april 2026"
    november = StatusReportPage.objects.child_of(index).get(report_month=month(2025, 11))
    pager = get_html(client, november.url).select_one(".report-pager")
    assert pager.select_one("a[rel=prev]")["href"] == october.url


def test_previous_and_next_go_by_month(client, report_by_month):
    def pager(current):
        links = get_html(client, report_by_month[current].url).select_one(".report-pager")
        return [
            (link and link["href"], link and link.get_text(" ", strip=True))
            for link in (links.select_one("a[rel=prev]"), links.select_one("a[rel=next]"))
        ]

    def link(label, report_month):
        return (report_by_month[report_month].url, label)

    assert pager(month(2026, 3)) == [
        link("Föregående rapport Februari 2026", month(2026, 2)),
        link("Nästa rapport April 2026", month(2026, 4)),
    ]
    assert pager(month(2026, 1)) == [
        link("Föregående rapport December 2025", month(2025, 12)),
        link("Nästa rapport Februari 2026", month(2026, 2)),
    ]
    assert pager(month(2025, 11)) == [
        (None, None),
        link("Nästa rapport December 2025", month(2025, 12)),
    ]
    assert pager(month(2026, 4)) == [
        link("Föregående rapport Mars 2026", month(2026, 3)),
        (None, None),
    ]


def test_admin_lists_reports_by_month(admin_client_logged_in, index, report_by_month):
    add_report(index, month(2025, 10), title="AAA först i alfabetet")  # newest edit
    response = admin_client_logged_in.get(f"/admin/pages/{index.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    months = [cell.get_text(strip=True) for cell in soup.select("tbody td.status-report-month")]
    assert months == [
        "april 2026",
        "mars 2026",
        "februari 2026",
        "januari 2026",
        "december 2025",
        "november 2025",
        "oktober 2025",
    ]


# -- the add form starts from the next month --------------------------------------------


def add_form_values(client, index):
    response = client.get(f"/admin/pages/add/pages/statusreportpage/{index.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        name: soup.select_one(f"input[name={name}]").get("value")
        for name in ("report_month", "title", "slug", "author")
    }


def test_admin_add_form_starts_from_the_month_after_the_latest(
    admin_client_logged_in, index, author, report_by_month
):
    assert add_form_values(admin_client_logged_in, index) == {
        "report_month": "2026-05",
        "title": "Lägesrapport maj 2026",
        "slug": "maj-2026",
        "author": str(author.pk),  # the newest report's author
    }
    # A draft occupies its month too, and December rolls over into the next year.
    add_report(index, month(2026, 12), publish=False)
    values = add_form_values(admin_client_logged_in, index)
    assert values["report_month"] == "2027-01"
    assert values["title"] == "Lägesrapport januari 2027"


def test_admin_add_form_in_an_empty_index_starts_from_this_month(admin_client_logged_in):
    other = StatusReportIndexPageFactory(parent=section("SAMLA"), title="Tomt projekt")
    today = timezone.localdate()
    values = add_form_values(admin_client_logged_in, other)
    assert values["report_month"] == f"{today:%Y-%m}"


# -- unpublished reports never show -----------------------------------------------------


@pytest.fixture
def hidden_reports(index):
    """A draft, a report scheduled for later, a live row with a future go-live time and a
    report behind a view restriction: none of them may appear anywhere public."""
    future = timezone.now() + datetime.timedelta(days=30)
    draft = add_report(index, month(2026, 5), publish=False, title="Hemligt utkast")
    scheduled = add_report(
        index, month(2026, 6), live=False, go_live_at=future, title="Schemalagd rapport"
    )
    assert not scheduled.live  # Wagtail keeps a scheduled page unpublished
    early = add_report(index, month(2026, 7), publish=False, title="För tidigt live")
    StatusReportPage.objects.filter(pk=early.pk).update(live=True, go_live_at=future)
    private = add_report(index, month(2026, 8), title="Skyddad rapport")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="hemligt-lösen"
    )
    return [draft, scheduled, early, private]


def test_unpublished_reports_appear_nowhere_public(client, index, report_by_month, hidden_reports):
    titles = [r.title for r in hidden_reports]
    index_html = client.get(index.url).content.decode()
    april_html = client.get(report_by_month[month(2026, 4)].url).content.decode()
    feed_xml = client.get(index.url + "flode/").content.decode()
    for title in titles:
        assert title not in index_html
        assert title not in feed_xml
    soup = BeautifulSoup(index_html, "html.parser")
    assert soup.select_one(".report--latest h2").get_text(strip=True) == "Lägesrapport april 2026"
    assert archive(soup)[0][1][0] == "April 2026"
    assert "Maj 2026" not in april_html and 'rel="next"' not in april_html
    for report in hidden_reports[:3]:
        assert client.get(report.url).status_code == 404, report.title


# -- the Atom feed ----------------------------------------------------------------------


def test_feed_is_atom_with_only_published_reports(client, index, report_by_month, hidden_reports):
    response = client.get(index.url + "flode/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response, not untrusted)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href").endswith(index.url + "flode/")
    entries = feed.findall(f"{ATOM}entry")
    published = sorted(report_by_month, reverse=True)
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        report_by_month[m].title for m in published
    ]
    ids = set()
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{required}").text
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ylva Brandt"
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith("http://testserver/lansniva/kommun-fvm/")
        ids.add(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(entries)
    march = entries[published.index(month(2026, 3))]
    summary = march.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Summering mars" in summary.text and "Planering april" in summary.text


def test_index_and_reports_announce_the_feed_and_offer_the_same_ways_to_follow(
    client, index, report_by_month
):
    follow = []
    for url in (index.url, report_by_month[month(2026, 3)].url):
        soup = get_html(client, url)
        link = soup.select_one("head link[rel=alternate][type='application/atom+xml']")
        assert link["href"] == index.url + "flode/", url
        follow.append([a["href"] for a in soup.select_one("#report-follow").parent("a")])
    assert follow[0] == follow[1] and len(follow[0]) == 2  # the feed and e-mail
    assert follow[0][0] == index.url + "flode/"
    assert client.get(index.url + "flode/").status_code == 200


# -- tree and query budget --------------------------------------------------------


def test_reports_live_only_under_a_report_index(index):
    assert StatusReportIndexPage in SectionPage.allowed_subpage_models()
    assert StatusReportPage.allowed_parent_page_models() == [StatusReportIndexPage]
    assert StatusReportIndexPage.allowed_subpage_models() == [StatusReportPage]
    assert StatusReportPage not in SectionPage.allowed_subpage_models()
    assert StatusReportPage not in NewsIndexPage.allowed_subpage_models()


def test_index_and_report_stay_within_the_query_budget(index, report_by_month, render_queries):
    for url in (index.url, report_by_month[month(2026, 3)].url, index.url + "flode/"):
        render_queries(url, QUERY_BUDGET)


def test_copying_a_report_into_its_own_index_is_refused_with_a_message(
    admin_client_logged_in, index
):
    march = add_report(index, month(2026, 3))
    before = StatusReportPage.objects.count()
    response = admin_client_logged_in.post(
        f"/admin/pages/{march.pk}/copy/",
        {"new_title": "Kopia", "new_slug": "kopia", "new_parent_page": index.pk},
    )
    assert response.status_code == 200
    assert "Kommun-FVM har redan en lägesrapport för mars 2026" in response.content.decode()
    assert StatusReportPage.objects.count() == before
