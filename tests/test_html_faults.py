"""Small HTML and accessibility faults that validators and screen readers notice: dates
in <time datetime>, which menu link is the current page, unique titles of filtered
register views, meta descriptions, scroll boxes that are no tab stops when nothing scrolls.
(What needs a browser, such as forced colours and the survey's disclosure, is in
tests/browser/test_polish.py.)"""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories.agreements import AgreementFactory, municipality
from tests.factories.pages import ContentPageFactory, section
from tests.test_public_pages import TABLE

pytestmark = pytest.mark.django_db


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_time_elements_carry_valid_dates(client):
    page = ContentPageFactory(parent=section("Fyrbodal"))
    page.save_revision().publish()
    AgreementFactory(slug="med-datum")
    for url in (page.url, "/avtal/med-datum/"):
        values = [t["datetime"] for t in soup_of(client, url).select("time[datetime]")]
        assert values, url
        for value in values:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (url, value)


def test_only_the_page_itself_is_the_current_page_in_the_menu(client):
    fyrbodal = section("Fyrbodal")
    child = ContentPageFactory(parent=fyrbodal)
    menu = "nav.main-nav a[aria-current]"
    current = soup_of(client, fyrbodal.url).select(menu)
    assert [(a.get_text(strip=True), a["aria-current"]) for a in current] == [("Fyrbodal", "page")]
    current = soup_of(client, child.url).select(menu)
    assert [(a.get_text(strip=True), a["aria-current"]) for a in current] == [("Fyrbodal", "true")]
    # In the breadcrumbs too, only the page itself.
    crumbs = soup_of(client, child.url).select(".breadcrumbs a[aria-current]")
    assert [a.get_text(strip=True) for a in crumbs] == [child.title]


def test_a_filtered_register_has_its_own_title(client):
    lerum = municipality("Lerum")
    plain = soup_of(client, "/avtal/").title.get_text()
    filtered = soup_of(client, "/avtal/", kommun=lerum.name, status="alla").title.get_text()
    assert plain.startswith("Avtal")
    assert filtered != plain
    assert "kommun Lerum" in filtered and "status alla" in filtered


@pytest.mark.parametrize("url", ["/sok/", "/sok/?q=SIP", "/prenumerera/"])
def test_search_and_subscription_pages_have_a_description(client, url):
    description = soup_of(client, url).select_one('head meta[name="description"]')
    assert description is not None and len(description["content"]) > 50


def test_table_boxes_are_no_tab_stops_in_the_html(client):
    page = ContentPageFactory(parent=section("Fyrbodal"), body=[("table", TABLE)])
    wrappers = soup_of(client, page.url).select(".table-wrapper")
    assert wrappers
    for wrapper in wrappers:
        assert not wrapper.has_attr("tabindex")
        assert wrapper.has_attr("data-scroll-region")  # site.js adds it when it scrolls
