"""Atom feeds of the site-wide news and of each section's news, linked in the head."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages.models import NewsIndexPage
from tests.factories.pages import NewsPageFactory, home, news_index, section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    from xml.etree import ElementTree

    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own feed)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    return feed.findtext(f"{ATOM}title"), titles


def test_sitewide_and_section_feeds_list_their_news(client):
    fyrbodal = news_index(section("Fyrbodal"))
    skaraborg = news_index(section("Skaraborg"))
    today = timezone.localdate()
    NewsPageFactory(parent=fyrbodal, title="Nytt från Fyrbodal", date=today)
    NewsPageFactory(parent=skaraborg, title="Nytt från Skaraborg", date=today)
    secret = NewsPageFactory(parent=fyrbodal, title="Bara för inloggade", date=today)
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    NewsPageFactory(parent=fyrbodal, title="Utkast", date=today, live=False)

    sitewide = NewsIndexPage.objects.child_of(home()).get()
    title, items = entries(client, f"{sitewide.url}flode/")
    assert title == "Nyheter – Vårdsamverkan i Västra Götaland"
    assert set(items) == {"Nytt från Fyrbodal", "Nytt från Skaraborg"}

    title, items = entries(client, f"{fyrbodal.url}flode/")
    assert title.startswith("Nyheter från Fyrbodal")
    assert items == ["Nytt från Fyrbodal"]


def test_news_pages_link_their_feed_in_the_head(client):
    index = news_index(section("Fyrbodal"))
    item = NewsPageFactory(parent=index, title="Länkad nyhet")
    for url in (index.url, item.url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        link = soup.select_one('head link[rel=alternate][type="application/atom+xml"]')
        assert link is not None, url
        assert link["href"] == f"{index.url}flode/"
        assert client.get(link["href"]).status_code == 200
