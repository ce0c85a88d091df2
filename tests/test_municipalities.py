"""'Min kommun': a page per municipality, generated from the Municipality rows, that lists
exactly what the register lists for the municipality, and the ways that lead to it."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.core import mail
from django.utils import timezone

from agreements.models import Level
from pages.models import Municipality, SectionContact
from subscriptions.digest import collect
from subscriptions.models import Subscriber
from tests.factories.agreements import AgreementFactory, days, municipality, register, topic
from tests.factories.pages import (
    ContactFactory,
    GroupMemberFactory,
    GroupPageFactory,
    NewsPageFactory,
    county,
    home,
    municipality_index,
    news_index,
    section,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


def soup_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def agreement_links(soup, selector):
    """Slugs of the agreements linked in the part of the page ``selector`` picks."""
    base = register().url
    links = {a["href"] for part in soup.select(selector) for a in part.select("a[href]")}
    return {
        href[len(base) : -1] for href in links if re.fullmatch(re.escape(base) + r"[\w-]+/", href)
    }


def agreements_of_every_kind():
    """County-wide, subregional (whole section), local (naming municipalities) agreements,
    and ones that do not apply today (expired, upcoming, unpublished)."""
    fyrbodal, skaraborg = section("Fyrbodal"), section("Skaraborg")
    AgreementFactory(title="Länsavtal om hemsjukvård", topics=[topic("Hemsjukvård")])
    AgreementFactory(title="Länsavtal utan område")
    AgreementFactory(
        title="Fyrbodals riktlinje",
        level=Level.SUBREGIONAL,
        section=fyrbodal,
        topics=[topic("SIP"), topic("Barn och unga")],
    )
    AgreementFactory(title="Skaraborgs rutin", level=Level.SUBREGIONAL, section=skaraborg)
    AgreementFactory(
        title="Lokal rutin Uddevalla och Lysekil",
        level=Level.LOCAL,
        section=fyrbodal,
        municipalities=[municipality("Uddevalla"), municipality("Lysekil")],
    )
    AgreementFactory(
        title="Lokal rutin Borås",
        level=Level.LOCAL,
        section=section("Södra Älvsborg"),
        municipalities=[municipality("Borås")],
    )
    AgreementFactory(title="Upphört länsavtal", valid_to=days(-1))
    AgreementFactory(title="Kommande länsavtal", valid_from=days(30))
    AgreementFactory(title="Opublicerat länsavtal", publish=False)


def test_every_municipality_page_lists_exactly_what_the_register_lists_for_it(client):
    agreements_of_every_kind()
    index = municipality_index()
    municipalities = list(Municipality.objects.order_by("name"))
    assert len(municipalities) == 49
    for m in municipalities:
        page = soup_of(client, f"{index.url}{m.slug}/")
        listed = agreement_links(page, ".municipality-agreements ul")
        in_register = agreement_links(
            soup_of(client, register().url, kommun=m.name), ".agreement-list"
        )
        assert listed == in_register, m.name
        assert listed, f"{m.name} has county-wide agreements at least"
        assert page.h1.get_text(strip=True) == m.name
    uddevalla = soup_of(client, f"{index.url}uddevalla/")
    assert "Lokal rutin Uddevalla och Lysekil" in uddevalla.get_text()
    assert "Skaraborgs rutin" not in uddevalla.get_text()
    assert "Upphört länsavtal" not in uddevalla.get_text()


def test_a_municipality_page_groups_by_level_and_topic_with_status(client):
    agreements_of_every_kind()
    page = soup_of(client, f"{municipality_index().url}uddevalla/")
    panel = page.select_one(".municipality-agreements")
    levels = [h.get_text(" ", strip=True) for h in panel.select("h3")]
    assert levels == [
        "Gäller i hela länet (2)",
        "Gäller i Fyrbodal (1)",
        "Lokala avtal för Uddevalla (1)",
    ]
    county_topics = [h.get_text(strip=True) for h in panel.select("h3 + h4, h3 ~ h4")][:2]
    assert county_topics == ["Hemsjukvård", "Övriga"]
    row = next(li for li in panel.select("li") if "Fyrbodals riktlinje" in li.get_text())
    # Under its first topic in the editors' order (Barn och unga), naming the others.
    assert "Gällande" in row.get_text() and "även SIP" in row.get_text()
    heading = row.find_parent("ul").find_previous_sibling("h4").get_text(strip=True)
    assert heading == "Barn och unga"
    assert "4 avtal och överenskommelser gäller i dag" in panel.get_text(" ", strip=True)


def test_a_municipality_page_shows_its_subregion_groups_contacts_and_news(client):
    fyrbodal = section("Fyrbodal")
    group = GroupPageFactory(parent=fyrbodal, title="Närsjukvårdsgrupp Uddevalla")
    GroupMemberFactory(page=group, represents="Uddevalla kommun")
    other = GroupPageFactory(parent=fyrbodal, title="Närsjukvårdsgrupp Lysekil")
    GroupMemberFactory(page=other, represents="Lysekils kommun")
    ContactFactory(name="Kim Kontakt")
    SectionContact.objects.create(page=fyrbodal, contact=ContactFactory(name="Alva Samordnare"))
    NewsPageFactory(parent=news_index(fyrbodal), title="Nytt från Fyrbodal")
    NewsPageFactory(parent=news_index(section("Skaraborg")), title="Nytt från Skaraborg")

    page = soup_of(client, f"{municipality_index().url}uddevalla/")
    text = page.get_text(" ", strip=True)
    assert "Uddevalla ingår i delregionen Fyrbodal" in text
    groups = [a.get_text(strip=True) for a in page.select("#municipality-groups ~ ul a")]
    assert groups == ["Närsjukvårdsgrupp Uddevalla"]
    assert "Alva Samordnare" in text and "Kim Kontakt" not in text
    assert "Nytt från Fyrbodal" in text and "Nytt från Skaraborg" not in text
    follow = page.find("a", string="Prenumerera på ändringar för Uddevalla")
    assert follow is not None


def test_ale_is_not_alingsas_when_groups_are_matched_by_name(client):
    group = GroupPageFactory(parent=section("SAMLA"), title="Ledningsgrupp SAMLA")
    GroupMemberFactory(page=group, represents="Alingsås kommun")
    page = soup_of(client, f"{municipality_index().url}ale/")
    assert "Ledningsgrupp SAMLA" not in page.get_text()


def test_the_lists_links_give_the_same_list_as_csv_json_and_atom(client):
    agreements_of_every_kind()
    page = soup_of(client, f"{municipality_index().url}boras/")
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select(".register-reuse a")}
    export = client.get(links["Ladda ner som CSV (Excel)"])
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Lokal rutin Borås" in csv and "Lokal rutin Uddevalla" not in csv
    data = client.get(links["Öppna data (JSON)"]).json()
    titles = {row["title"] for row in data["results"]}
    assert "Lokal rutin Borås" in titles and "Fyrbodals riktlinje" not in titles
    atom = client.get(links["Ändringar för Borås som flöde (Atom)"])
    assert atom.status_code == 200
    feed = ET.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)}
    assert "Lokal rutin Borås" in titles and "Skaraborgs rutin" not in titles
    assert "Borås" in feed.findtext("a:title", namespaces=ns)


def test_unknown_municipality_is_a_swedish_404_and_a_bad_choice_a_swedish_message(client):
    index = municipality_index()
    assert client.get(f"{index.url}finns-inte/").status_code == 404
    page = soup_of(client, index.url, status=400, kommun="Atlantis")
    assert "Vi hittar ingen kommun som heter ”Atlantis”" in page.get_text()
    page = soup_of(client, index.url, kommun="")
    assert "Välj en kommun i listan." in page.get_text()
    assert client.get(index.url, {"kommun": "\x00"}).status_code in (200, 400)


def test_choose_your_municipality_works_without_javascript_from_home_and_register(client):
    index = municipality_index()
    for url in ("/", register().url):
        page = soup_of(client, url)
        form = page.select_one("form.choose-municipality")
        assert form is not None, url
        assert form["action"] == index.url and form.get("method") == "get"
        options = form.select("select[name=kommun] option[value]:not([value=''])")
        assert len(options) == 49
        assert form.find("label")["for"] == form.select_one("select")["id"]
    response = client.get(index.url, {"kommun": "amal"})
    assert response.status_code == 302 and response["Location"] == f"{index.url}amal/"
    response = client.get(index.url, {"kommun": "Åmål"})
    assert response["Location"] == f"{index.url}amal/"


def test_section_and_agreement_pages_link_the_municipality_names(client):
    index = municipality_index()
    fyrbodal = soup_of(client, section("Fyrbodal").url)
    links = {a.get_text(strip=True): a["href"] for a in fyrbodal.select(".municipality-list a")}
    assert len(links) == 15 and links["Uddevalla"] == f"{index.url}uddevalla/"
    county_links = soup_of(client, county().url).select(".municipality-list a")
    assert len(county_links) == 49
    local = AgreementFactory(
        title="Lokal rutin",
        level=Level.LOCAL,
        section=section("Fyrbodal"),
        municipalities=[municipality("Uddevalla"), municipality("Lysekil")],
    )
    page = soup_of(client, f"{register().url}{local.slug}/")
    hrefs = {a["href"] for a in page.select(".facts a")} or {a["href"] for a in page.select("dd a")}
    assert {f"{index.url}uddevalla/", f"{index.url}lysekil/"} <= hrefs
    county_wide = AgreementFactory(title="Länsavtal")
    page = soup_of(client, f"{register().url}{county_wide.slug}/")
    assert page.find("a", string="Alla 49 kommuner")["href"] == index.url


def test_searching_a_municipality_name_shows_its_page_first(client):
    for query in ("Borås", "borås kommun", "  BORÅS "):
        page = soup_of(client, "/sok/", q=query)
        first = page.select_one(".search-promotions a")
        assert first is not None, query
        assert first["href"] == f"{municipality_index().url}boras/", query
    page = soup_of(client, "/sok/", q="hemsjukvård")
    assert page.select_one(".search-promotions") is None


def test_overview_shows_the_map_with_every_municipality_a_link_and_the_list(client):
    index = municipality_index()
    page = soup_of(client, index.url)
    svg = page.select_one("svg.municipality-map__svg")
    tiles = svg.find_all("a")
    assert len(tiles) == 49
    assert {a["href"] for a in tiles} == {
        f"{index.url}{m.slug}/" for m in Municipality.objects.all()
    }
    assert svg.find("title").get_text() and svg.get("aria-describedby")
    # Colour is not the only cue: each subregion has a pattern named in the legend, and the
    # list below the map says the same as text.
    legend = [li.get_text(" ", strip=True) for li in page.select(".municipality-map__legend li")]
    assert len(legend) == 6 and all("(" in item for item in legend)
    assert len(page.select(".municipality-map__list li a")) == 49
    # Tiles do not overlap.
    boxes = {(r["x"], r["y"]) for r in svg.select("rect.municipality-map__box")}
    assert len(boxes) == 49


def test_every_municipality_has_coordinates_in_the_county():
    for m in Municipality.objects.all():
        assert 57.3 < m.latitude < 59.3 and 11.0 < m.longitude < 14.7, m.name


def test_municipality_pages_keep_the_query_budget_and_come_from_the_cache(
    client, render_queries, django_assert_max_num_queries
):
    agreements_of_every_kind()
    GroupMemberFactory(page=GroupPageFactory(parent=section("Fyrbodal")), represents="Uddevalla")
    index = municipality_index()
    for url in (index.url, f"{index.url}uddevalla/"):
        render_queries(url, QUERY_BUDGET)
        with django_assert_max_num_queries(0, info=url):
            assert client.get(url).status_code == 200


def test_following_a_municipality_gets_its_agreements_in_the_digest(client):
    uddevalla = municipality("Uddevalla")
    page = soup_of(client, f"{municipality_index().url}uddevalla/")
    follow = page.find("a", string="Prenumerera på ändringar för Uddevalla")["href"]
    form = soup_of(client, follow)
    box = form.find("input", attrs={"value": f"kommun-{uddevalla.pk}"})
    assert box is not None and box.has_attr("checked")
    assert "Lysekil" not in form.get_text(), "only the municipality asked for is offered"
    response = client.post(
        "/prenumerera/", {"amnen": [f"kommun-{uddevalla.pk}"], "epost": "ann@example.org"}
    )
    assert response.status_code in (200, 302)
    subscriber = Subscriber.objects.get(email="ann@example.org")
    assert list(subscriber.municipalities.all()) == [uddevalla]
    assert mail.outbox, "a confirmation was sent"

    since = timezone.now() - datetime.timedelta(hours=1)
    agreements_of_every_kind()
    groups = collect(subscriber, since, timezone.now() + datetime.timedelta(minutes=1))
    assert [g.heading for g in groups] == ["Avtal som gäller för Uddevalla"]
    titles = {item.title for item in groups[0].items}
    assert "Lokal rutin Uddevalla och Lysekil" in titles and "Fyrbodals riktlinje" in titles
    assert "Lokal rutin Borås" not in titles and "Skaraborgs rutin" not in titles


def test_setup_site_places_the_overview_in_the_tree_once():
    from django.core.management import call_command

    call_command("setup_site", verbosity=0)
    index = municipality_index()
    assert index.get_parent().specific == home() and index.url == "/kommun/"
