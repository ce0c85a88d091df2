"""Relevance as a specification: the queries staff type (``tests/search_relevance.csv``:
abbreviations, synonyms, compounds, inflections, typos, questions) and the result they
expect first, on the demo site. ``expected_first`` may name equally right answers with "|"
(two agreements in force on the same subject). Figures: ``docs/search.md``."""

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from agreements.models import Agreement, Status

pytestmark = pytest.mark.django_db

CASES = list(csv.DictReader((Path(__file__).parents[1] / "search_relevance.csv").open()))
IN_FORCE = {Status.IN_FORCE, Status.UPCOMING}


def results(client, url, selector, **params):
    soup = BeautifulSoup(client.get(url, params).content, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(f"{selector} a")]


def reciprocal_rank(titles, expected):
    ranks = [position for position, title in enumerate(titles, 1) if title in expected]
    return 1 / ranks[0] if ranks else 0.0


def test_the_table_has_the_queries_staff_type():
    kinds = {case["kind"] for case in CASES}
    assert len(CASES) >= 40
    assert {"abbreviation", "compound", "inflection", "typo", "question"} <= kinds
    assert {"sip", "lgs", "hsl"} <= {case["query"].casefold() for case in CASES}


def test_precision_at_one_and_mean_reciprocal_rank(client):
    ranks = {}
    for case in CASES:
        titles = [
            title for title, _ in results(client, "/sok/", ".search-result__title", q=case["query"])
        ]
        ranks[case["query"]] = reciprocal_rank(titles, case["expected_first"].split("|"))
    precision = sum(rank == 1 for rank in ranks.values()) / len(ranks)
    mrr = sum(ranks.values()) / len(ranks)
    print(f"P@1 {precision:.3f}, MRR {mrr:.3f} over {len(ranks)} queries")  # noqa: T201
    assert precision >= 0.9, {query: rank for query, rank in ranks.items() if rank < 1}


def subjects(agreements):
    """Agreement slug -> its subjects: its topics and its version chain."""
    found = {a.slug: a for a in Agreement.objects.filter(slug__in=agreements).with_status()}
    chain = {}
    for agreement in Agreement.objects.filter(live=True).order_by("valid_from"):
        chain[agreement.pk] = chain.get(agreement.replaces_id, agreement.pk)
    return {
        slug: (a.status, {t.name for t in a.topics.all()} | {f"chain-{chain[a.pk]}"})
        for slug, a in found.items()
    }


@pytest.mark.parametrize(
    "url, selector, params",
    [
        ("/sok/", ".search-result__title", {"historik": "1"}),
        ("/avtal/", ".agreement-item__title", {"status": "alla"}),
    ],
)
def test_no_ended_or_replaced_agreement_ranks_above_one_in_force_on_its_subject(
    client, url, selector, params
):
    wrong = []
    for case in CASES:
        hits = results(client, url, selector, q=case["query"], **params)
        slugs = [m[1] for _, href in hits if (m := re.fullmatch(r"/avtal/([^/]+)/", href))]
        known = subjects(slugs)
        for position, slug in enumerate(slugs):
            status, topics = known[slug]
            below = [s for s in slugs[position + 1 :] if known[s][0] in IN_FORCE]
            if status not in IN_FORCE and any(known[s][1] & topics for s in below):
                wrong.append((case["query"], slug, below))
    assert wrong == []


@pytest.mark.parametrize(
    "url, selector", [("/sok/", ".search-result__title"), ("/avtal/", ".agreement-item__title")]
)
def test_psykisk_ohalsa_lists_the_agreement_in_force_first(client, url, selector):
    title, href = results(client, url, selector, q="psykisk ohälsa", historik="1", status="alla")[0]
    agreement = Agreement.objects.with_status().get(slug=href.rstrip("/").rsplit("/", 1)[-1])
    assert agreement.status == Status.IN_FORCE and "Psykisk hälsa" in {
        topic.name for topic in agreement.topics.all()
    }
