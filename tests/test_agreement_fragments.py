"""The register keeps rendered pieces (the filter form and result list per canonical filters
and page, each agreement's article) until content changes. What a visitor sees must still be
current on the very next request, notices about what they typed must stay their own, and a
cached piece must cost no query."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, Level, Status
from tests.factories.agreements import (
    AgreementFactory,
    bulk_agreements,
    days,
    document_type,
    in_och_utskrivning,
    municipality,
    register,
    topic,
)
from tests.factories.pages import section

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/snippets/agreements/agreement/"


def register_url():
    return register().url


def soup(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def titles(client, params=None):
    page = soup(client, register_url(), params)
    return [a.get_text(strip=True) for a in page.select(".agreement-item__title a")]


def fact(page, label):
    return next(
        div.dd.get_text(" ", strip=True)
        for div in page.select("dl.facts > div")
        if div.dt.get_text(strip=True) == label
    )


def agreement_queries(client, url, params=None):
    """The SQL a request runs on the register's own tables (the rest of the page, such as
    routing and menus, belongs to the pages app)."""
    caches["pages"].clear()  # render the page, don't replay it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    own = re.compile(r'"agreements_(?!agreementindexpage")')
    return [q["sql"] for q in captured.captured_queries if own.search(q["sql"])]


# -- never stale ---------------------------------------------------------------------------------


def test_a_published_changed_or_withdrawn_agreement_shows_in_a_cached_list_at_once(client):
    for title in ("Bbb första", "Ccc andra", "Ddd tredje"):
        AgreementFactory(title=title)
    params = {"niva": "lan"}
    before = titles(client, params)
    titles(client, {**params, "sida": "2"})
    agreement = AgreementFactory(title="Aaa nytt först i listan")  # county level, in force
    assert titles(client, params) == ["Aaa nytt först i listan", *before]

    agreement.title = "Aaa omdöpt först i listan"
    agreement.save_revision().publish()
    assert titles(client, params)[0] == "Aaa omdöpt först i listan"

    agreement.unpublish()
    assert titles(client, params) == before


def test_a_changed_or_withdrawn_agreement_shows_on_its_cached_page_at_once(client):
    agreement = in_och_utskrivning()
    url = f"{register_url()}{agreement.slug}/"
    page = soup(client, url)
    assert "Ny sammanfattning" not in page.get_text()
    agreement.summary = "Ny sammanfattning efter beslut."
    agreement.save_revision().publish()
    page = soup(client, url)
    assert page.select_one(".lead").get_text(strip=True) == "Ny sammanfattning efter beslut."
    assert page.select_one('meta[name="description"]')["content"].startswith("Ny sammanfattning")
    agreement.unpublish()
    assert client.get(url).status_code == 404


def test_a_new_successor_marks_the_cached_predecessor_as_replaced(client):
    old = AgreementFactory(title="Gammal version", slug="gammal-version", valid_from=days(-400))
    url = f"{register_url()}{old.slug}/"
    assert fact(soup(client, url), "Status") == "Gällande"
    AgreementFactory(title="Ny version", slug="ny-version", valid_from=days(-2), replaces=old)
    page = soup(client, url)
    assert fact(page, "Status") == "Ersatt"
    assert "Ny version" in page.select_one(".banner--replaced").get_text()
    assert "Gammal version" not in titles(client, {"q": "version"})


def test_statuses_move_on_at_midnight_without_a_publication(client, time_machine):
    AgreementFactory(title="Aaa börjar i morgon", slug="borjar-i-morgon", valid_from=days(1))
    url = f"{register_url()}borjar-i-morgon/"
    assert fact(soup(client, url), "Status") == "Kommande"
    assert "Aaa börjar i morgon" in titles(client, {"status": "kommande"})
    assert "Aaa börjar i morgon" not in titles(client, {"niva": "lan"})

    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))  # the clock passes midnight
    assert fact(soup(client, url), "Status") == "Gällande"
    assert "Aaa börjar i morgon" not in titles(client, {"status": "kommande"})
    assert titles(client, {"niva": "lan"})[0] == "Aaa börjar i morgon"


# -- what stays the visitor's own ----------------------------------------------------------------


@pytest.fixture
def lerum(db):
    """Agreements that apply to Lerum: county level, SAMLA's, and one that names Lerum."""
    AgreementFactory(title="Länsgemensam överenskommelse")
    AgreementFactory(title="SAMLA:s avtal", level=Level.SUBREGIONAL, section=section("SAMLA"))
    AgreementFactory(
        title="Rutin i Lerum",
        document_type=document_type("Överenskommelse"),
        level=Level.LOCAL,
        section=section("SAMLA"),
        municipalities=[municipality("Lerum")],
    )


def test_notices_are_never_taken_from_a_cached_list(client, lerum):
    plain = soup(client, register_url(), {"kommun": "Lerum"})
    assert plain.select_one(".notice") is None
    odd = soup(client, register_url(), {"kommun": "Lerum", "typ": "finns-inte"})
    assert "Dokumenttypen ”finns-inte” finns inte" in odd.select_one(".notice").get_text()
    assert [a.get_text() for a in odd.select(".agreement-item__title a")] == [
        a.get_text() for a in plain.select(".agreement-item__title a")
    ]
    assert soup(client, register_url(), {"kommun": "Lerum"}).select_one(".notice") is None


def test_equivalent_addresses_show_the_same_list(client, lerum):
    by_name = soup(client, register_url(), {"kommun": "Lerum", "sida": "1"})
    by_slug = soup(client, register_url(), {"kommun": "lerum"})
    assert str(by_slug.select_one(".register-results")) == str(
        by_name.select_one(".register-results")
    )
    assert by_slug.select_one("#filter-kommun option[selected]")["value"] == "Lerum"


def test_a_page_past_the_end_shows_the_last_page(client):
    bulk_agreements(45)
    expected = soup(client, register_url(), {"niva": "lan", "sida": "3"})
    assert len(expected.select(".agreement-item")) == 5
    for number in ("4", "99999999999999999999"):
        beyond = soup(client, register_url(), {"niva": "lan", "sida": number})
        assert str(beyond.select_one(".agreement-list")) == str(
            expected.select_one(".agreement-list")
        )


def test_a_preview_shows_the_draft_not_the_cached_public_page(admin_client_logged_in, client):
    from tests.test_agreement_admin import edit_form_data

    agreement = in_och_utskrivning()
    soup(client, f"{register_url()}{agreement.slug}/")  # the public article is now cached
    preview_url = f"{ADMIN_URL}preview/{agreement.pk}/"
    data = edit_form_data(agreement, summary="Utkast till ny sammanfattning.")
    assert admin_client_logged_in.post(preview_url, data).json()["is_valid"] is True
    preview = BeautifulSoup(admin_client_logged_in.get(preview_url).content, "html.parser")
    assert preview.select_one(".lead").get_text(strip=True) == "Utkast till ny sammanfattning."
    assert fact(preview, "Status") == agreement.status.label
    public = soup(client, f"{register_url()}{agreement.slug}/")
    assert "Utkast" not in public.select_one(".lead").get_text()


# -- queries -------------------------------------------------------------------------------------


@pytest.fixture
def listed(lerum):
    in_och_utskrivning()
    AgreementFactory(title="Barn och unga", topics=[topic("Barn och unga")], decided_on=days(-9))
    AgreementFactory(title="Upphört avtal", valid_from=days(-900), valid_to=days(-9))
    bulk_agreements(30, topics=[])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kommun": "Lerum", "typ": "overenskommelse"},
        {"omrade": "barn-och-unga"},
        {"omrade": "barn-och-unga", "sida": "30"},
        {"status": "alla", "sortering": "beslutsdatum", "sida": "2"},
        {"q": "utskrivning"},
    ],
)
def test_the_list_costs_two_queries_and_none_once_cached(client, listed, params):
    """The number of results and the page's rows; the filter options and the search's hits
    are shared lookups, kept until content changes."""
    client.get(register_url(), params)
    caches["template_fragments"].clear()
    assert len(agreement_queries(client, register_url(), params)) <= 2
    assert agreement_queries(client, register_url(), params) == []


def test_an_agreement_is_read_once_and_its_article_kept(client):
    url = f"{register_url()}{in_och_utskrivning().slug}/"
    client.get(url)
    caches["template_fragments"].clear()
    # The article rendered anew reads its related rows one by one; kept, only the
    # agreement itself is read.
    assert len(agreement_queries(client, url)) <= 8
    assert len(agreement_queries(client, url)) == 1


def test_status_of_a_detail_page_matches_the_register(client):
    """The detail page works the status out from the successors it shows; the list from
    SQL. Both follow the same rules."""
    old = AgreementFactory(valid_from=days(-400))
    AgreementFactory(valid_from=days(-5), replaces=old)
    AgreementFactory(valid_from=days(5))
    AgreementFactory(valid_from=days(-400), valid_to=days(-5))
    AgreementFactory(under_revision=True)
    statuses = set()
    for agreement in Agreement.objects.public().with_status():
        page = soup(client, f"{register_url()}{agreement.slug}/")
        assert fact(page, "Status").startswith(agreement.status.label), agreement.slug
        statuses.add(agreement.status)
    assert statuses == set(Status)


# -- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["utskrivning", "vård samverkan", "SIP", "barn och unga", "riktlinje", "xyzzy"]
)
def test_the_registers_search_finds_what_the_search_core_finds(query):
    """The register's hits and their order are those of the site search's agreements."""
    from agreements.search import search_agreement_ids, search_agreements
    from core import fulltext

    in_och_utskrivning()
    AgreementFactory(title="SIP för barn och unga", topics=[topic("SIP")])
    for n in range(3):
        AgreementFactory(title=f"Riktlinje {n} om samverkan i vård vid utskrivning")
    parsed = fulltext.parse(query)
    expected = [agreement.pk for agreement, _ in search_agreements(parsed.query())]
    assert bool(expected) == (query != "xyzzy")
    assert search_agreement_ids(query) == expected
