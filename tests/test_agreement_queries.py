"""With 2,000 agreements the register, a detail page and a section page render with a small,
fixed number of SQL queries (at most 12 for anonymous visitors; see also test_performance)."""

import pytest

from agreements.models import Agreement, DocumentType, Level, Topic
from pages.models import Municipality, SectionPage
from tests.factories.agreements import days, in_och_utskrivning, register
from tests.factories.pages import section

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # 2,000 agreements per test

QUERY_BUDGET = 12


def register_url():
    return register().url


@pytest.fixture
def many_agreements(db):
    sections = list(SectionPage.objects.all())
    types = list(DocumentType.objects.all())
    topics = list(Topic.objects.all())
    municipalities = list(Municipality.objects.all())
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Massavtal {n:04d} om samverkan",
            slug=f"massavtal-{n:04d}",
            document_type=types[n % len(types)],
            level=[Level.COUNTY, Level.SUBREGIONAL, Level.LOCAL][n % 3],
            section=sections[n % len(sections)],
            summary="Genererat avtal för prestandatest.",
            valid_from=days(-(n % 900)),
            valid_to=days(n % 400) if n % 5 == 0 else None,
            live=True,
        )
        for n in range(2000)
    )
    Agreement.topics.through.objects.bulk_create(
        Agreement.topics.through(agreement_id=a.pk, topic_id=topics[n % len(topics)].pk)
        for n, a in enumerate(agreements)
    )
    Agreement.municipalities.through.objects.bulk_create(
        Agreement.municipalities.through(
            agreement_id=a.pk, municipality_id=municipalities[n % len(municipalities)].pk
        )
        for n, a in enumerate(agreements)
        if n % 3 == 2
    )
    # Version chains: every tenth agreement replaces the one before it.
    for n in range(10, 2000, 10):
        Agreement.objects.filter(pk=agreements[n].pk).update(replaces=agreements[n - 1].pk)
    assert Agreement.objects.count() >= 2000
    return agreements


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
    client.get(url + "export.csv")
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url + "export.csv", {"status": "alla"})
    assert response.content.decode("utf-8-sig").count("\r\n") > 2000
