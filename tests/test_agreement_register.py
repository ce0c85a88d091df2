"""The public register at /avtal/: search, filters, detail pages, export, API and feed."""

import csv
import datetime
import io
import re

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, Level
from core.caching import content_changed
from tests.conftest import sitemap_entries
from tests.factories.agreements import (
    IN_OCH_UT,
    AgreementFactory,
    bulk_agreements,
    days,
    decision_body,
    document_type,
    in_och_utskrivning,
    municipality,
    register,
    topic,
)
from tests.factories.pages import DocumentFactory, county, section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def register_url():
    return register().url


def titles(client, params=None, url=None):
    response = client.get(url or register_url(), params or {})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".agreement-item__title a")], soup


def all_titles(client, params):
    """Every title over all result pages, following the page's own pagination links."""
    found, soup = titles(client, params)
    while (next_link := soup.select_one(".pagination a[rel=next]")) is not None:
        more, soup = titles(client, url=register_url() + next_link["href"])
        found += more
    return found


# -- finding the in- och utskrivning agreement ---------------------------------------------------


def test_found_by_text_search(client):
    in_och_utskrivning()
    AgreementFactory(title="Riktlinje för hjälpmedel", summary="Om hjälpmedel i hemmet.")
    found, soup = titles(client, {"q": "utskrivning"})
    assert found == [IN_OCH_UT]
    assert soup.select_one("#filter-q")["value"] == "utskrivning"


def test_found_by_filters_and_the_url_can_be_shared(client):
    in_och_utskrivning()
    AgreementFactory(document_type=document_type("Överenskommelse"))  # another topic
    AgreementFactory(topics=[topic("In- och utskrivning")])  # another type
    AgreementFactory(  # another level
        document_type=document_type("Överenskommelse"),
        topics=[topic("In- och utskrivning")],
        level=Level.SUBREGIONAL,
        section=section("Fyrbodal"),
    )
    params = {"typ": "overenskommelse", "omrade": "in-och-utskrivning", "niva": "lan"}
    found, _ = titles(client, params)
    assert found == [IN_OCH_UT]
    # The same URL in another browser (a new client, no session) shows the same list.
    shared, _ = titles(Client(), params)
    assert shared == found


def test_the_filter_form_uses_get_and_swedish_parameter_names(client):
    _, soup = titles(client)
    form = soup.select_one("form.register-filters")
    assert form["method"] == "get"
    names = {field["name"] for field in form.select("input[name], select[name]")}
    assert names == {
        "q",
        "typ",
        "omrade",
        "niva",
        "sektion",
        "kommun",
        "status",
        "beslut",
        "sortering",
    }
    for field in form.select("input[name], select[name]"):
        assert soup.select_one(f"label[for={field['id']}]"), field["name"]
        assert field["id"] == f"filter-{field['name']}"


def test_the_filter_form_offers_the_terms_and_keeps_the_choice(client):
    _, soup = titles(client, {"omrade": "SIP", "kommun": "lerum", "sektion": "fyrbodal"})
    topics = [option.get_text() for option in soup.select("#filter-omrade option")]
    assert topics[0] == "Alla områden" and "Psykisk hälsa" in topics
    assert soup.select_one("#filter-omrade option[selected]")["value"] == "sip"
    assert soup.select_one("#filter-kommun option[selected]").get_text() == "Lerum"
    assert soup.select_one("#filter-sektion option[selected]").get_text() == "Fyrbodal"
    assert len(soup.select("#filter-kommun option")) == 1 + 49
    assert soup.select_one("#filter-status option[selected]").get_text() == "Gällande i dag"


# -- what applies to my municipality --------------------------------------------------------------


@pytest.fixture
def samla_and_neighbours(db):
    """Agreements that apply to Lerum (in SAMLA) and agreements that don't."""
    samla = section("SAMLA")
    applies = [
        AgreementFactory(title="Länsavtal om hemsjukvård"),
        AgreementFactory(title="SAMLA-överenskommelse", level=Level.SUBREGIONAL, section=samla),
        AgreementFactory(
            title="Rutin för Alingsås och Lerum",
            level=Level.LOCAL,
            section=samla,
            municipalities=[municipality("Alingsås"), municipality("Lerum")],
        ),
    ]
    does_not = [
        AgreementFactory(title="Upphört länsavtal", valid_from=days(-900), valid_to=days(-1)),
        AgreementFactory(
            title="Rutin för bara Alingsås",
            level=Level.LOCAL,
            section=samla,
            municipalities=[municipality("Alingsås")],
        ),
        AgreementFactory(
            title="Fyrbodals överenskommelse",
            level=Level.SUBREGIONAL,
            section=section("Fyrbodal"),
        ),
    ]
    return [a.title for a in applies], [a.title for a in does_not]


def test_lerum_gets_county_level_and_samla_but_not_fyrbodal(client, samla_and_neighbours):
    applies, _ = samla_and_neighbours
    assert sorted(all_titles(client, {"kommun": "Lerum"})) == sorted(applies)


def test_a_local_agreement_applies_only_to_the_municipalities_it_names(client):
    ockero_only = AgreementFactory(
        title="Samverkande sjukvård på Öckerö",
        level=Level.LOCAL,
        section=section("Göteborgsområdet"),
        municipalities=[municipality("Öckerö")],
    ).title
    assert ockero_only in all_titles(client, {"kommun": "Öckerö"})
    assert ockero_only not in all_titles(client, {"kommun": "Göteborg"})


def test_municipality_can_be_given_by_slug(client, samla_and_neighbours):
    assert all_titles(client, {"kommun": "lerum"}) == all_titles(client, {"kommun": "Lerum"})


# -- every filter, alone and combined ------------------------------------------------------------


@pytest.fixture
def varied(db):
    """Agreements that differ in exactly one property each, to test filters precisely."""
    fyrbodal = section("Fyrbodal")
    return {
        "rutin": AgreementFactory(title="Zeta rutin", document_type=document_type("Rutin")),
        "aldre": AgreementFactory(title="Zeta äldre", topics=[topic("Äldre")]),
        "vvg": AgreementFactory(title="Zeta vvg", decided_by=decision_body("VVG")),
        "fyrbodal": AgreementFactory(
            title="Zeta fyrbodal", section=fyrbodal, level=Level.SUBREGIONAL
        ),
        "lokal": AgreementFactory(
            title="Zeta lokal",
            section=fyrbodal,
            level=Level.LOCAL,
            municipalities=[municipality("Uddevalla")],
        ),
        "kommande": AgreementFactory(title="Zeta kommande", valid_from=days(30)),
        "upphort": AgreementFactory(title="Zeta upphörd", valid_to=days(-1)),
        "revision": AgreementFactory(title="Zeta revision", under_revision=True),
    }


def zeta(client, params):
    return sorted(t for t in all_titles(client, {"q": "Zeta", **params}) if t.startswith("Zeta"))


FILTER_CASES = [
    (
        {},
        [
            "Zeta fyrbodal",
            "Zeta lokal",
            "Zeta revision",
            "Zeta rutin",
            "Zeta vvg",
            "Zeta äldre",
        ],
    ),
    ({"typ": "rutin"}, ["Zeta rutin"]),
    ({"omrade": "aldre"}, ["Zeta äldre"]),
    ({"beslut": "vvg"}, ["Zeta vvg"]),
    ({"sektion": "fyrbodal"}, ["Zeta fyrbodal", "Zeta lokal"]),
    ({"niva": "lokal"}, ["Zeta lokal"]),
    ({"niva": "delregional"}, ["Zeta fyrbodal"]),
    ({"status": "kommande"}, ["Zeta kommande"]),
    ({"status": "upphort"}, ["Zeta upphörd"]),
    ({"status": "revidering"}, ["Zeta revision"]),
    (
        {"kommun": "Uddevalla"},
        [
            "Zeta fyrbodal",
            "Zeta lokal",
            "Zeta revision",
            "Zeta rutin",
            "Zeta vvg",
            "Zeta äldre",
        ],
    ),
    (
        {"kommun": "Vänersborg"},
        ["Zeta fyrbodal", "Zeta revision", "Zeta rutin", "Zeta vvg", "Zeta äldre"],
    ),
    ({"kommun": "Lerum"}, ["Zeta revision", "Zeta rutin", "Zeta vvg", "Zeta äldre"]),
    ({"sektion": "fyrbodal", "niva": "lokal"}, ["Zeta lokal"]),
    ({"kommun": "Uddevalla", "niva": "lokal"}, ["Zeta lokal"]),
    ({"typ": "rutin", "omrade": "aldre"}, []),
    (
        {"status": "alla", "niva": "lan", "typ": "avtal"},
        ["Zeta kommande", "Zeta revision", "Zeta upphörd", "Zeta vvg", "Zeta äldre"],
    ),
]


def test_filters_and_combinations(client, varied, subtests):
    for params, expected in FILTER_CASES:
        with subtests.test(**params):
            assert zeta(client, params) == expected


def test_status_alla_shows_everything_published(client, varied):
    assert len(zeta(client, {"status": "alla"})) == len(varied)


def test_sorting_by_review_date(client, varied):
    Agreement.objects.filter(pk=varied["vvg"].pk).update(review_by=days(5))
    Agreement.objects.filter(pk=varied["rutin"].pk).update(review_by=days(50))
    found = [t for t in all_titles(client, {"q": "Zeta", "sortering": "revideras"})]
    assert found.index("Zeta vvg") < found.index("Zeta rutin") < found.index("Zeta äldre")


def test_sorting_by_decision_and_start_date_newest_first_then_title(client):
    dates = {"Ärende Ypsilon": days(-30), "Avtal Ypsilon": days(-30), "Rutin Ypsilon": days(-5)}
    for title, date in dates.items():
        AgreementFactory(title=title, decided_on=date, valid_from=date)
    AgreementFactory(title="Beslutslöst Ypsilon", decided_on=None, valid_from=None)
    expected = ["Rutin Ypsilon", "Avtal Ypsilon", "Ärende Ypsilon", "Beslutslöst Ypsilon"]
    for order in ("beslutsdatum", "giltig-fran"):
        assert all_titles(client, {"q": "Ypsilon", "sortering": order}) == expected


def test_result_count_and_active_filters(client, varied):
    response = client.get(register_url(), {"q": "Zeta", "typ": "rutin"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.select_one(".register-results__heading")
        .get_text()
        .strip()
        .startswith("1 avtal eller överenskommelse")
    )
    chips = [a.get_text(" ", strip=True) for a in soup.select(".active-filters a")]
    assert any("Rutin" in chip for chip in chips)
    remove_type = next(a for a in soup.select(".active-filters a") if "Typ" in a.get_text())
    assert "typ=" not in remove_type["href"] and "q=Zeta" in remove_type["href"]


def test_empty_state_is_helpful(client):
    _, soup = titles(client, {"q": "xyzzyquux"})
    empty = soup.select_one(".empty-state")
    assert "Inga avtal" in empty.get_text()
    assert "status=alla" in empty.select_one("a")["href"]


def test_pagination_keeps_the_filters(client):
    for n in range(25):
        AgreementFactory(title=f"Paginerat {n:02d}", summary="Paginering test")
    found, soup = titles(client, {"q": "Paginerat"})
    assert len(found) == 20
    next_href = soup.select_one(".pagination a[rel=next]")["href"]
    assert "q=Paginerat" in next_href and "sida=2" in next_href
    assert len(all_titles(client, {"q": "Paginerat"})) == 25


@pytest.mark.parametrize("number", ["0", "-1", "3", "99999999999999999999999", "abc", "2.5"])
def test_an_odd_page_number_lands_on_the_nearest_real_page(client, number):
    bulk_agreements(25, title="Paginerat")
    found, soup = titles(client, {"sida": number})
    expected = "Sida 2 av 2" if number in ("3", "99999999999999999999999") else "Sida 1 av 2"
    assert soup.select_one(".pagination__status").get_text() == expected
    assert found[0] == ("Paginerat 0020" if expected == "Sida 2 av 2" else "Paginerat 0000")


@pytest.mark.parametrize(
    "params",
    [
        {"typ": "finns-inte"},
        {"omrade": "<script>alert(1)</script>"},
        {"niva": "planet"},
        {"sektion": "'; DROP TABLE agreements_agreement; --"},
        {"kommun": "Atlantis"},
        {"status": "kanske"},
        {"beslut": "x" * 5000},
        {"sortering": "slump"},
        {"sida": "-1"},
        {"sida": "99999999999999999999999"},
        {"sida": "abc"},
        {"q": "a" * 2000},
        {"q": "\x00\x01\x1f"},
        {"q": "!!!???..."},
        {"q": '" OR 1=1 --'},
        {"kommun": "Lerum\x00"},
    ],
)
def test_odd_filter_values_never_break_the_page(client, params):
    response = client.get(register_url(), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_unknown_filter_values_are_explained_in_swedish(client):
    _, soup = titles(client, {"typ": "finns-inte", "kommun": "Atlantis", "niva": "planet"})
    notice = soup.select_one(".notice").get_text()
    assert "Dokumenttypen ”finns-inte” finns inte. Filtret användes inte." in notice
    assert "Kommunen ”Atlantis” finns inte. Filtret användes inte." in notice
    assert "Nivån ”planet” finns inte. Filtret användes inte." in notice
    _, soup = titles(client, {"status": "kanske", "sortering": "slump", "q": "!!!"})
    notice = soup.select_one(".notice").get_text()
    assert "Statusen ”kanske” finns inte. Listan visar det som gäller i dag." in notice
    assert "Sorteringen ”slump” finns inte. Standardordningen används." in notice
    assert "Söktexten innehöll inga ord att söka på" in notice


def test_filter_values_are_matched_without_regard_to_case(client, varied):
    assert zeta(client, {"typ": "RUTIN"}) == ["Zeta rutin"]
    assert zeta(client, {"kommun": "UDDEVALLA", "niva": "lokal"}) == ["Zeta lokal"]


def test_overlong_search_is_shortened_with_a_notice(client):
    _, soup = titles(client, {"q": "utskrivning " * 300})
    assert "kortats" in soup.select_one(".notice").get_text()


# -- detail page ------------------------------------------------------------------------------


def test_detail_page_shows_every_field_in_plain_swedish(client):
    agreement = in_och_utskrivning()
    response = client.get(register_url() + "in-och-utskrivning/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == agreement.title
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in soup.select("dl.facts > div")
    }
    assert facts["Dokumenttyp"] == "Överenskommelse"
    assert facts["Status"] == "Gällande"
    assert facts["Giltighet"] == "Från 24 september 2018, tills vidare"
    assert facts["Gäller för"].startswith("Alla 49 kommuner")
    assert "Lag (2017:612)" in facts["Lagrum"]
    assert "SRO" in facts["Beslut"] and "25 maj 2018" in facts["Beslut"]
    assert "In- och utskrivning" in facts["Områden"]
    assert "Senast ändrad" in facts
    documents = soup.select_one("#agreement-documents ~ ul").get_text(" ", strip=True)
    assert "PDF" in documents and "Huvuddokument" in documents and "Bilaga" in documents
    assert soup.select_one(".contact-card")
    assert len(soup.select(".toc li")) == 3


@pytest.fixture
def chain(db):
    """Västbus 2012, replaced by "Samverkan för barns och ungas hälsa" from 2021."""
    old = AgreementFactory(
        title="Västbus – reviderade riktlinjer",
        slug="vastbus-riktlinjer-2012",
        valid_from=datetime.date(2012, 4, 1),
    )
    new = AgreementFactory(
        title="Samverkan för barns och ungas hälsa",
        slug="barns-och-ungas-halsa",
        valid_from=datetime.date(2021, 1, 1),
        replaces=old,
        attachments=[DocumentFactory(title="Samverkan för barns och ungas hälsa")],
    )
    return old, new


def test_version_chain_banners_both_ways(client, chain):
    old = client.get(register_url() + "vastbus-riktlinjer-2012/")
    new = client.get(register_url() + "barns-och-ungas-halsa/")
    old_soup = BeautifulSoup(old.content, "html.parser")
    new_soup = BeautifulSoup(new.content, "html.parser")
    replaced = old_soup.select_one(".banner--replaced")
    assert "Samverkan för barns och ungas hälsa" in replaced.get_text()
    assert replaced.a["href"].endswith("/barns-och-ungas-halsa/")
    assert "Västbus" in new_soup.select_one(".banner--info").get_text()
    assert old_soup.select_one(".agreement-status").get_text(strip=True) == "Ersatt"
    validity = next(
        div.dd.get_text(" ", strip=True)
        for div in old_soup.select("dl.facts > div")
        if div.dt.get_text(strip=True) == "Giltighet"
    )
    assert validity == "1 april 2012 – 31 december 2020 (därefter ersatt)"


def test_a_replaced_agreement_in_the_register_links_to_its_successor(client, chain):
    """A search hit on the replaced version says what replaced it, as /sok/ does."""
    found, soup = titles(client, {"q": "Västbus", "status": "alla"})
    assert found == ["Samverkan för barns och ungas hälsa", "Västbus – reviderade riktlinjer"]
    in_force, replaced = soup.select(".agreement-item")
    assert in_force.select_one(".agreement-item__replaced") is None
    link = replaced.select_one(".agreement-item__replaced")
    assert link.get_text(" ", strip=True) == "Ersatt av Samverkan för barns och ungas hälsa"
    assert link.a["href"] == register_url() + "barns-och-ungas-halsa/"


def test_successor_links_add_no_query_per_row(client):
    """The register reads each replaced agreement's successor in the list's own query: ten
    replaced agreements cost no more queries than one (the list rendered afresh each time,
    as after a publication)."""

    def queries_with_replaced(count):
        for n in range(count):
            old = AgreementFactory(title=f"Gammal rutin {n}", valid_from=days(-800))
            AgreementFactory(title=f"Ny rutin {n}", replaces=old, valid_from=days(-10))
        content_changed()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(register_url(), {"status": "ersatt"}).content.decode()
        assert (
            page.count("Ersatt av <a") == Agreement.objects.filter(replaces__isnull=False).count()
        )
        return len(queries)

    client.get(register_url(), {"status": "ersatt"})  # what a running server has met once
    one = queries_with_replaced(1)
    assert queries_with_replaced(9) <= one


def test_unknown_agreement_is_a_404(client):
    assert client.get(register_url() + "finns-inte/").status_code == 404


def test_section_page_lists_its_agreements(client, samla_and_neighbours):
    AgreementFactory(
        title="Samverkansavtal om hemsjukvård i Alingsås och Lerum",
        level=Level.SUBREGIONAL,
        section=section("SAMLA"),
    )
    samla = section("SAMLA")
    soup = BeautifulSoup(client.get(samla.url).content, "html.parser")
    panel = soup.select_one("#section-agreements").find_parent("section")
    assert "Samverkansavtal om hemsjukvård i Alingsås och Lerum" in panel.get_text()
    assert "länsgemensamma" in panel.get_text()
    assert "Fyrbodal" not in panel.get_text()
    assert "Rutin för bara Alingsås" in panel.get_text()  # owned by SAMLA
    assert "Upphört" not in panel.get_text()


def test_section_panel_counts_only_what_applies_today(client, samla_and_neighbours):
    samla = section("SAMLA")

    def totals():
        content_changed()
        text = BeautifulSoup(client.get(samla.url).content, "html.parser")
        text = text.select_one("#section-agreements").find_parent("section").get_text(" ")
        text = " ".join(text.split())
        own = re.search(r"ägs av SAMLA \((\d+)\)", text)
        county_wide = re.search(r"Dessutom gäller (\d+) länsgemensamma", text)
        return int(own.group(1)) if own else 0, int(county_wide.group(1)), text

    own, county_wide, _ = totals()
    for n in range(9):
        AgreementFactory(title=f"Samla-rutin {n}", level=Level.SUBREGIONAL, section=samla)
    AgreementFactory(
        title="Samla-rutin som upphört", level=Level.SUBREGIONAL, section=samla, valid_to=days(-1)
    )
    AgreementFactory(title="Kommande Samla-rutin", section=samla, valid_from=days(30))
    AgreementFactory(title="Nytt länsavtal A")
    AgreementFactory(title="Nytt länsavtal B")
    AgreementFactory(title="Upphört nytt länsavtal", valid_to=days(-1))
    after_own, after_county, text = totals()
    assert (after_own, after_county) == (own + 9, county_wide + 2)
    assert f"Visa alla {own + 9} från SAMLA" in text  # eight are listed, the rest linked


# -- drafts never appear publicly -----------------------------------------------------------------


def test_drafts_never_appear_publicly(client):
    draft = AgreementFactory(
        title="Hemligt utkast om utskrivning", slug="hemligt-utkast", publish=False
    )
    assert not draft.live
    assert "Hemligt utkast" not in " ".join(all_titles(client, {"status": "alla"}))
    assert "Hemligt utkast" not in " ".join(all_titles(client, {"q": "utkast", "status": "alla"}))
    assert client.get(register_url() + "hemligt-utkast/").status_code == 404
    assert "Hemligt utkast" not in client.get(
        register_url() + "export.csv", {"status": "alla"}
    ).getvalue().decode("utf-8-sig")
    assert (
        "Hemligt utkast"
        not in client.get(register_url() + "api/", {"status": "alla"}).content.decode()
    )
    assert client.get(register_url() + "api/hemligt-utkast/").status_code == 404
    assert "Hemligt utkast" not in client.get(register_url() + "flode/").content.decode()
    assert "Hemligt utkast" not in client.get(county().url).content.decode()


def test_unpublished_changes_stay_private(client):
    agreement = in_och_utskrivning()
    agreement.title = "Ny opublicerad titel"
    agreement.save_revision()  # a draft of a live agreement: the live row is untouched
    response = client.get(register_url() + "in-och-utskrivning/")
    assert "Ny opublicerad titel" not in response.content.decode()


# -- CSV export ---------------------------------------------------------------------------------


def read_csv(response):
    assert response.streaming, "the export is streamed, not built in memory"
    raw = response.getvalue()
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_uses_the_same_filters(client, samla_and_neighbours):
    in_och_utskrivning()
    response = client.get(register_url() + "export.csv", {"kommun": "Lerum"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Kortadress", "Titel", "Dokumenttyp", "Nivå"]
    assert "Gäller för kommuner" in header and "Ägare" in header
    assert sorted(row[1] for row in data) == sorted(all_titles(client, {"kommun": "Lerum"}))
    record = next(
        dict(zip(header, row, strict=True)) for row in data if row[0] == "in-och-utskrivning"
    )
    assert record["Status"] == "Gällande"
    assert record["Gäller från"] == "2018-09-24"
    assert record["Gäller till"] == "Tills vidare"
    assert record["Adress"].endswith("/avtal/in-och-utskrivning/")


def test_csv_export_neutralises_spreadsheet_formulas(client):
    AgreementFactory(title='=HYPERLINK("http://example.org")', summary="+1-2")
    rows = read_csv(client.get(register_url() + "export.csv"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://example.org")' in cells
    assert "'+1-2" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_export_and_import_columns_match():
    from agreements.export import CSV_COLUMNS
    from agreements.importing import DERIVED, OPTIONAL, REQUIRED

    assert set(CSV_COLUMNS) == set(REQUIRED + OPTIONAL + DERIVED)


# -- JSON API ----------------------------------------------------------------------------------


def test_api_list_matches_the_register(client, samla_and_neighbours):
    applies, _ = samla_and_neighbours
    data = client.get(register_url() + "api/", {"kommun": "Lerum"}).json()
    assert data["count"] == len(all_titles(client, {"kommun": "Lerum"})) == len(applies)
    assert sorted(result["title"] for result in data["results"]) == sorted(applies)
    assert data["filters"] == {"kommun": "Lerum"}
    first = data["results"][0]
    assert set(first) >= {
        "title",
        "slug",
        "url",
        "document_type",
        "level",
        "owner",
        "status",
        "valid_from",
        "valid_to",
    }
    assert first["status"]["label"] in {"Gällande", "Kommande", "Upphört", "Ersatt"}
    for result in data["results"]:  # each row's own type and owner, not a neighbour's
        agreement = Agreement.objects.get(slug=result["slug"])
        kind, owner = agreement.document_type, agreement.section
        assert result["document_type"] == {"name": kind.name, "slug": kind.slug}
        assert result["owner"] == {"name": owner.short_name, "slug": owner.slug}


def test_api_detail_has_the_version_chain_and_documents(client, chain):
    data = client.get(register_url() + "api/barns-och-ungas-halsa/").json()
    assert data["replaces"]["slug"] == "vastbus-riktlinjer-2012"
    assert data["documents"][0]["file_type"] == "pdf"
    assert data["documents"][0]["size_bytes"] > 0
    old = client.get(register_url() + "api/vastbus-riktlinjer-2012/").json()
    assert old["status"]["code"] == "ersatt"
    assert old["replaced_by"][0]["slug"] == "barns-och-ungas-halsa"


def test_api_next_links_walk_the_whole_register_in_title_order(client, varied, monkeypatch):
    """A client that follows ``next`` reads every agreement once, in the register's order;
    after the first page the link goes on from the last agreement read (``efter``)."""
    monkeypatch.setattr("agreements.api.PER_PAGE", 2)
    url, read, pages = register_url() + "api/?status=alla", [], []
    while url:
        data = client.get(url).json()
        read += [result["title"] for result in data["results"]]
        pages.append(data["page"])
        url = data["next"]
        assert url is None or "efter=" in url and "status=alla" in url
    assert read == all_titles(client, {"status": "alla"}) and len(read) == len(set(read)) > 4
    assert pages[0] == 1 and set(pages[1:]) == {None}
    by_date = client.get(register_url() + "api/", {"status": "alla", "sortering": "beslutsdatum"})
    assert "sida=2" in by_date.json()["next"] and "efter=" not in by_date.json()["next"]


def test_api_explains_a_cursor_it_cannot_use(client, varied):
    for value in ["finns-inte", "x\x00<script>", "x" * 5000]:
        data = client.get(register_url() + "api/", {"efter": value, "status": "alla"}).json()
        assert "i parametern efter finns inte. Första sidan visas." in data["notices"][0]
        assert data["page"] == 1 and data["results"]
    odd = client.get(register_url() + "api/", {"efter": "x", "sortering": "beslutsdatum"})
    assert odd.status_code == 200
    assert odd.json()["notices"] == [
        "Parametern efter gäller bara sortering efter titel och användes inte."
    ]


def test_api_reports_unknown_agreements_and_bad_filters(client):
    missing = client.get(register_url() + "api/finns-inte/")
    assert missing.status_code == 404
    assert "inget publicerat avtal" in missing.json()["error"]
    odd = client.get(register_url() + "api/", {"typ": "finns-inte", "sida": "x"})
    assert odd.status_code == 200
    assert odd.json()["notices"]


# -- Atom feed --------------------------------------------------------------------------------


def test_atom_feed_lists_published_agreements(client, varied):
    AgreementFactory(title="Hemligt utkast", publish=False)
    response = client.get(register_url() + "flode/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    titles_in_feed = {e.find(f"{ATOM}title").text for e in entries}
    assert titles_in_feed == {agreement.title for agreement in varied.values()}
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert entry.find(f"{ATOM}updated") is not None


# -- sitemap ----------------------------------------------------------------------------------


def test_published_agreements_are_in_the_sitemap_with_their_date(client, chain):
    AgreementFactory(slug="utkastavtal", publish=False)
    entries = sitemap_entries(client)
    for agreement in chain:
        url = f"http://localhost{register_url()}{agreement.slug}/"
        # The date in Sweden (between 23:00 and midnight UTC it is already the next day).
        assert entries[url] == timezone.localdate(agreement.last_published_at).isoformat()
    assert not any("utkastavtal" in url for url in entries)


def test_titles_are_in_swedish_alphabetical_order(client):
    """Å, Ä and Ö come after Z, in that order, whatever the database server's collations
    (the embedded PostgreSQL of `make run` has no Swedish one)."""
    for title in ["Öppen vård", "Zeta-rutinen", "ärendegång", "Åtgärdsplan", "Alfa", "Ärende"]:
        AgreementFactory(title=title)
    assert titles(client)[0] == [
        "Alfa",
        "Zeta-rutinen",
        "Åtgärdsplan",
        "Ärende",
        "ärendegång",
        "Öppen vård",
    ]
