"""With 2,000 agreements the register, a detail page and a section page render with a small,
fixed number of SQL queries (at most 12 for anonymous visitors; see also test_performance)."""

import pytest

from agreements.export import CHUNK_SIZE
from agreements.models import Agreement
from demo.benchdata import generate
from tests.factories.agreements import in_och_utskrivning, register
from tests.factories.pages import section

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # 2,000 agreements per test

QUERY_BUDGET = 12


def register_url():
    return register().url


@pytest.fixture
def many_agreements(db):
    """2,000 agreements with topics, municipalities and version chains (the benchmark's
    generator); the first of them."""
    generate(pages_per_section=0, agreements=2000)
    assert Agreement.objects.count() >= 2000
    return Agreement.objects.order_by("pk")[:1]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kommun": "Lerum"},
        {"typ": "rutin", "omrade": "aldre", "niva": "lokal"},
        {"status": "alla", "sortering": "beslutsdatum", "sida": "7"},
        {"q": "utskrivning"},
        {"sektion": "fyrbodal", "status": "upphort", "beslut": "vvg"},
    ],
)
def test_register_query_count_is_bounded(many_agreements, params, render_queries):
    render_queries(register_url(), QUERY_BUDGET, **params)


def test_detail_page_query_count_is_bounded(many_agreements, render_queries):
    in_och_utskrivning(replaces=many_agreements[0])
    render_queries(register_url() + "in-och-utskrivning/", QUERY_BUDGET)


def test_section_page_query_count_is_bounded(many_agreements, render_queries):
    render_queries(section("Fyrbodal").url, QUERY_BUDGET)


def test_csv_and_api_do_not_query_per_agreement(
    client, many_agreements, render_queries, django_assert_max_num_queries
):
    url = register_url()
    render_queries(url + "api/", QUERY_BUDGET, status="alla")
    client.get(url + "export.csv").getvalue()
    # The export streams: a few queries per chunk of rows, read while it is sent.
    chunks = -(-Agreement.objects.count() // CHUNK_SIZE)
    with django_assert_max_num_queries(QUERY_BUDGET + 4 * chunks):
        body = client.get(url + "export.csv", {"status": "alla"}).getvalue()
    assert body.decode("utf-8-sig").count("\r\n") > 2000
