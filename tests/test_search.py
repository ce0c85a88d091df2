"""Site search at /sok/: Swedish queries, types, sections, snippets, odd input, query cost.

The table of queries runs against the demo site plus a few pages and agreements made here
with words nowhere else. Queries that rely on Swedish stemming need PostgreSQL's "swedish"
text search configuration and are skipped on SQLite (the local demo's FTS5 has no Swedish
stemmer); everything else runs on both.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from agreements.models import Agreement, AgreementAttachment
from demo.pdf import make_pdf
from pages.models import ContentPage, SectionPage
from pages.setup import add_child
from search import querylog
from search.models import Synonym
from tests.agreements_helpers import make_agreement, register_url

pytestmark = pytest.mark.django_db

IS_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not IS_POSTGRES,
    reason="needs PostgreSQL's Swedish stemming (text search configuration 'swedish'); "
    "SQLite's FTS5 only matches words and word beginnings",
)
postgres_trigram_only = pytest.mark.skipif(
    not IS_POSTGRES,
    reason="the fallback for searches without hits uses PostgreSQL's pg_trgm similarity; "
    "SQLite has no such fallback",
)
QUERY_BUDGET = 12


# -- helpers ----------------------------------------------------------------------------------


def search(client, q, **params):
    response = client.get("/sok/", {"q": q, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def hits(soup):
    """[(title, type label)] in the order shown."""
    return [
        (
            item.select_one(".search-result__title").get_text(strip=True),
            item.select_one(".search-result__type").get_text(strip=True),
        )
        for item in soup.select(".search-result")
    ]


def titles(client, q, **params):
    return [title for title, _ in hits(search(client, q, **params))]


def pdf_document(title, paragraphs):
    Document = get_document_model()
    document = Document(title=title)
    document.file.save(
        f"{title.lower().replace(' ', '-')}.pdf",
        ContentFile(make_pdf(title, paragraphs)),
        save=False,
    )
    document.file_size = len(document.file)
    document.save()
    return document


@pytest.fixture
def search_content(db):
    """Content with words that occur nowhere else on the demo site."""
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    skaraborg = SectionPage.objects.get(short_name="Skaraborg")
    add_child(
        county,
        ContentPage(
            title="Ansvar för kvällstillsyn",
            slug="ansvar-kvallstillsyn",
            intro="Varje kommun ansvarar för kvällstillsynen i ordinärt boende.",
        ),
    )
    add_child(
        skaraborg,
        ContentPage(
            title="Äldres mediciner i Skaraborg",
            slug="aldres-mediciner",
            intro="Sjuksköterskan gör en läkemedelsgenomgång tillsammans med läkaren.",
        ),
    )
    agreement = make_agreement(
        title="Avtal om gemensam trygghetsjour",
        slug="trygghetsjour",
        summary="Avtalet gäller nattpatrullernas larmhantering i glesbygd.",
    )
    agreement.attachments = [
        AgreementAttachment(
            document=pdf_document(
                "Bilaga trygghetsjour",
                ["Bilagan beskriver trapphusmötet som hålls varje kvartal med grannarna."],
            ),
            role=AgreementAttachment.Role.APPENDIX,
        )
    ]
    agreement.save()
    agreement.save_revision().publish()
    return agreement


# -- the table of Swedish queries (acceptance 1) ----------------------------------------------

# (query, expected title, how far down it may be, PostgreSQL only)
QUERIES = [
    # inflections (Swedish stemming)
    ("överenskommelser", "Delregional överenskommelse om närsjukvårdsgrupper i Fyrbodal", 3, True),
    ("kommunerna kvällstillsyn", "Ansvar för kvällstillsyn", 1, True),
    ("riktlinjerna", "Gemensam riktlinje om in- och utskrivning", 3, True),
    ("utskrivningen", "Samverkan vid in- och utskrivning", 5, True),
    ("hemsjukvården", "Samverkansavtal om hemsjukvård i Alingsås och Lerum", 3, True),
    ("trapphusmöten", "Avtal om gemensam trygghetsjour", 1, True),
    # compounds (the beginning of a compound finds the compound)
    ("läkemedel", "Äldres mediciner i Skaraborg", 3, False),
    ("hemsjukvård", "Samverkansavtal om hemsjukvård i Alingsås och Lerum", 3, False),
    ("kvällstillsyn", "Ansvar för kvällstillsyn", 1, False),
    # abbreviations and synonyms, both ways
    ("SIP", "Samordnad individuell plan (SIP)", 3, False),
    ("samordnad individuell plan", "Reviderad rutin för SIP-möten i Fyrbodal", 10, False),
    ("HSL", "Överenskommelse om samarbete kring personer med psykisk", 1, False),
    ("SoL", "Överenskommelse om samarbete kring personer med psykisk", 1, False),
    ("VVG", "VVG – Vårdsamverkan Västra Götaland", 3, False),
    ("LGS", "LGS – ledningsgrupp för samverkan", 1, False),
    ("ledningsgrupp för samverkan", "LGS – ledningsgrupp för samverkan", 1, False),
    # words only inside a PDF (a hit in an attachment leads to the agreement)
    ("trapphusmötet", "Avtal om gemensam trygghetsjour", 1, False),
    ("grannarna kvartal", "Avtal om gemensam trygghetsjour", 1, False),
    # words in an agreement's summary
    ("jourverksamhet", "Samverkande sjukvård på Öckerö", 1, False),
    ("läkarmedverkan", "Hälso- och sjukvårdsavtalet", 1, False),
    ("nattpatrullernas larmhantering", "Avtal om gemensam trygghetsjour", 1, False),
    # several words, any case
    ("SIP Fyrbodal", "Reviderad rutin för SIP-möten i Fyrbodal", 3, False),
    ("ÖCKERÖ", "Samverkande sjukvård på Öckerö", 3, False),
    # expired and replaced agreements stay findable
    ("Västbus", "Västbus – reviderade riktlinjer för barn och unga (2012)", 3, False),
    # news and status reports
    ("mall", "Fyrbodal testar gemensam mall för SIP-möten", 3, False),
]


@pytest.mark.parametrize(
    ("query", "expected", "within", "needs_postgres"),
    [pytest.param(*row, marks=[postgres_only] if row[3] else [], id=row[0]) for row in QUERIES],
)
def test_swedish_query_finds_expected_top_result(
    client, search_content, query, expected, within, needs_postgres
):
    found = titles(client, query)
    top = found[:within]
    assert any(title.startswith(expected) for title in top), (query, found[:10])


@pytest.mark.parametrize("query", ["xyzzyqwerty", "qqq zzzvvv", "fjärrstyrd rymdfärja xyzzy"])
def test_queries_without_hits_show_a_helpful_empty_state(client, query):
    soup = search(client, query)
    assert hits(soup) == []
    empty = soup.select_one(".empty-state")
    assert f"Inga träffar för ”{query}”" in empty.get_text()
    register_link = empty.find("a", string="Sök i avtalsregistret")
    assert register_link["href"].startswith(register_url())


def test_misspelled_word_gets_a_suggestion(client):
    soup = search(client, "ledningsgupp")
    text = soup.get_text(" ", strip=True)
    assert "Menade du" in text
    link = soup.find("a", href=lambda href: href and "ledningsgrupp" in href)
    assert link is not None and link.get_text() == "ledningsgrupp"


@postgres_trigram_only
def test_typo_falls_back_to_similar_results(client):
    soup = search(client, "hemsjukvårdsavtall")
    assert "liknar" in soup.select_one(".search-results .notice").get_text()
    assert hits(soup), "trigram similarity should find something close"


def test_stop_words_alone_are_explained(client):
    soup = search(client, "och att")
    assert "vanliga ord" in soup.select_one(".notice").get_text()
    assert hits(soup) == []


def test_query_parsing_expands_synonyms_and_drops_operators():
    from core import fulltext

    groups = [
        [(("sip",), "SIP"), (("samordnad", "individuell", "plan"), "samordnad individuell plan")]
    ]
    parsed = fulltext.parse('SIP AND "möte" OR --', groups=groups)
    assert [term.typed for term in parsed.terms] == [("sip",), ("and",), ("möte",), ("or",)]
    assert parsed.expansions == [("SIP", ["samordnad individuell plan"])]
    parsed = fulltext.parse("om samordnad individuell plan i Fyrbodal", groups=groups)
    assert [term.typed for term in parsed.terms] == [
        ("samordnad", "individuell", "plan"),
        ("fyrbodal",),
    ]
    assert parsed.stop_words == ["om", "i"]
    assert fulltext.parse("\x00" * 10).text == ""
    assert fulltext.parse("x" * 500).shortened


# -- what each hit shows ----------------------------------------------------------------------


def test_each_hit_shows_type_section_and_marked_snippet(client, search_content):
    soup = search(client, "kvällstillsyn")
    first = soup.select_one(".search-result")
    assert first.select_one(".search-result__type").get_text() == "Sida"
    assert "Länsnivå" in first.select_one(".search-result__meta").get_text()
    marks = [mark.get_text() for mark in first.select(".search-result__snippet mark")]
    assert "kvällstillsynen" in marks


def test_hit_in_an_attachment_leads_to_the_agreement(client, search_content):
    soup = search(client, "trapphusmötet")
    first = soup.select_one(".search-result")
    assert first.select_one(".search-result__type").get_text() == "Avtal/överenskommelse"
    assert first.select_one("a")["href"] == register_url() + "trygghetsjour/"
    assert "Bilaga trygghetsjour" in first.select_one(".search-result__via").get_text()
    assert "trapphusmötet" in [m.get_text() for m in first.select("mark")]


def test_documents_show_the_page_that_uses_them(client):
    soup = search(client, "protokoll", typ="dokument")
    found = hits(soup)
    assert found and all(kind == "Dokument" for _, kind in found)
    first = soup.select_one(".search-result")
    assert first.select_one("a")["href"].startswith("/dokument/")
    assert first.select_one(".search-result__used-on a")["href"].startswith("/")


def test_type_filter_counts_and_narrows(client):
    soup = search(client, "SIP")
    filters = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".search-types a")}
    assert any(label.startswith("Alla typer") for label in filters)
    news_label = next(label for label in filters if label.startswith("Nyheter"))
    soup = BeautifulSoup(client.get("/sok/" + filters[news_label]).content, "html.parser")
    found = hits(soup)
    assert found and all(kind == "Nyhet" for _, kind in found)
    assert soup.select_one('.search-types a[aria-current="page"]').get_text().startswith("Nyheter")


def test_unknown_type_is_ignored_with_a_notice(client):
    soup = search(client, "SIP", typ="planeter")
    assert "Typen ”planeter” finns inte" in soup.select_one(".notice").get_text()
    assert hits(soup)


def test_results_are_paginated_with_sida(client):
    first = search(client, "protokoll")
    assert len(hits(first)) == 20
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "q=protokoll" in next_link and "sida=2" in next_link
    second = BeautifulSoup(client.get("/sok/" + next_link).content, "html.parser")
    assert hits(second) and set(hits(second)).isdisjoint(hits(first))


def test_promoted_result_is_shown_first(client):
    soup = search(client, "sip")
    promoted = soup.select_one(".search-promotions")
    assert promoted.find("a").get_text() == "Samordnad individuell plan (SIP)"
    assert (
        soup.select_one(".search-promotions").sourceline
        < soup.select_one(".search-result-list").sourceline
    )


def test_synonym_expansion_is_explained(client):
    soup = search(client, "SIP")
    text = soup.select_one(".search-results__expansions").get_text(" ", strip=True)
    assert "samordnad individuell plan" in text and "SIP" in text


# -- only what visitors may see ---------------------------------------------------------------


def test_drafts_private_pages_and_their_documents_are_not_found(client):
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    draft = ContentPage(
        title="Utkast om snöröjningsplikt", slug="utkast-sno", intro="Snöröjningsplikt.", live=False
    )
    county.add_child(instance=draft)
    draft.save_revision()
    private = add_child(
        county, ContentPage(title="Intern sida om snöröjningsplikt", slug="intern-sno", intro="x")
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = make_agreement(
        publish=False, title="Avtal om snöröjningsplikt", summary="Snöröjningsplikt."
    )
    unpublished.attachments = [
        AgreementAttachment(document=pdf_document("Utkastbilaga", ["Snöröjningsplikt i utkast."]))
    ]
    unpublished.save()
    assert titles(client, "snöröjningsplikt") == []
    assert Agreement.objects.get(pk=unpublished.pk).live is False


def test_document_used_only_by_a_draft_is_not_listed_until_published(client):
    agreement = make_agreement(publish=False, title="Avtal om vinterväghållning", summary="Vägar.")
    agreement.attachments = [
        AgreementAttachment(document=pdf_document("Bilaga plogbilar", ["Plogbilarnas rutter."]))
    ]
    agreement.save()
    agreement.save_revision()
    assert titles(client, "plogbilarnas") == []
    agreement.save_revision().publish()
    assert titles(client, "plogbilarnas") == ["Avtal om vinterväghållning"]


# -- odd input (acceptance 3) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "a" * 2000,
        "SIP " * 700,
        "!!!???...",
        "\"'`´",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "</title><h1>x</h1>",
        "SIP\x00",
        "\x00\x01\x1f\x7f",
        "kommun\x00erna",
        "sip & | ! :* <->",
        "title:sip",
        '"samordnad individuell plan"',
        "%_%",
        "\u202eSIP",
        "🙂",
    ],
)
def test_odd_input_gives_a_normal_page_with_the_query_escaped(client, q):
    response = client.get("/sok/", {"q": q, "typ": "<b>", "sida": "-1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<h1>x</h1>" not in html
    assert "\x00" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("h1")) == 1
    if "<script>" in q:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_overlong_query_is_shortened_with_a_notice(client):
    soup = search(client, "utskrivning " * 300)
    assert "har kortats" in soup.select_one(".notice").get_text()
    assert len(soup.select_one("#sok-q")["value"]) <= 200


def test_non_get_parameters_are_ignored(client):
    assert client.get("/sok/", {"q": ["SIP", "VVG"], "sida": ["2", "x"]}).status_code == 200
    assert client.get("/sok/?q=%ff%fe").status_code == 200


# -- the register's q uses the same search -----------------------------------------------------


def register_titles(client, q):
    soup = BeautifulSoup(client.get(register_url(), {"q": q}).content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".agreement-item__title")]


def test_register_search_uses_synonyms(client):
    found = register_titles(client, "HSL")
    assert any(t.startswith("Överenskommelse om samarbete kring personer") for t in found)


def test_register_search_finds_words_only_in_attachments(client, search_content):
    assert register_titles(client, "trapphusmötet") == ["Avtal om gemensam trygghetsjour"]


def test_register_search_uses_compounds(client, search_content):
    assert "Avtal om gemensam trygghetsjour" in register_titles(client, "trygghet")


@postgres_only
def test_register_search_uses_swedish_stemming(client, search_content):
    assert "Avtal om gemensam trygghetsjour" in register_titles(client, "larmhanteringen")


# -- synonyms are edited by the kommunikatör in the admin -------------------------------------


def test_kommunikator_adds_a_synonym_in_the_admin_and_search_uses_it(client, search_content):
    from django.contrib.auth import get_user_model

    assert titles(client, "KVT") == []
    admin = get_user_model().objects.get(username="kommunikator")
    client.force_login(admin)
    listing = client.get("/admin/snippets/search/synonym/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/search/synonym/add/",
        {"term": "KVT", "alternatives": "kvällstillsyn\nkvällstillsynen"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert Synonym.objects.filter(term="KVT").exists()
    assert "Ansvar för kvällstillsyn" in titles(client, "KVT")


def test_section_editor_cannot_edit_synonyms(client):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.filter(username__startswith="redaktor-").first()
    client.force_login(editor)
    assert client.get("/admin/snippets/search/synonym/add/").status_code in (302, 403)


def test_setup_site_seeds_common_abbreviations():
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"SIP", "VVG", "SRO", "HSL", "SoL", "LGS"} <= terms


# -- query log: cheap and bounded -------------------------------------------------------------


@pytest.fixture
def empty_query_log():
    querylog.flush()
    Query.objects.all().delete()
    yield
    querylog.flush()


def test_a_search_request_writes_nothing_to_the_database(client, empty_query_log):
    client.get("/sok/", {"q": "SIP"})
    with CaptureQueriesContext(connection) as ctx:
        client.get("/sok/", {"q": "utskrivning"})
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert querylog.pending()


def test_buffered_counts_reach_wagtails_query_log(client, empty_query_log):
    for _ in range(3):
        client.get("/sok/", {"q": "SIP"})
    client.get("/sok/", {"q": "SIP", "sida": "2"})  # paging is not a new search
    client.get("/sok/", {"q": "SIP", "typ": "nyhet"})  # nor is filtering
    client.get("/sok/", {"q": "anna@example.org"})  # personal data is never logged
    client.get("/sok/", {"q": "19121212-1212"})
    querylog.flush()
    query = Query.objects.get(query_string="sip")
    assert query.hits == 3
    assert list(Query.objects.values_list("query_string", flat=True)) == ["sip"]


def test_old_daily_counts_are_deleted(empty_query_log, settings):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 30
    old = Query.get("gammal sökning")
    QueryDailyHits.objects.create(
        query=old, date=datetime.date.today() - datetime.timedelta(days=40), hits=5
    )
    querylog.write_counts([[datetime.date.today().isoformat(), "ny sökning", 2]])
    assert not Query.objects.filter(query_string="gammal sökning").exists()
    assert Query.objects.get(query_string="ny sökning").hits == 2


# -- the hit list is kept per normalised query ------------------------------------------------


@pytest.fixture
def ranked(monkeypatch):
    """Counts how often the site is actually searched (rather than read from the cache)."""
    from search import results

    calls = []
    run = results.SiteSearch.run

    def counting_run(self):
        calls.append(self.parsed.text)
        return run(self)

    monkeypatch.setattr(results.SiteSearch, "run", counting_run)
    return calls


def test_a_repeated_search_uses_the_cached_hits_and_is_still_counted(
    client, search_content, empty_query_log, ranked
):
    first = titles(client, "kvällstillsyn")
    assert first[0] == "Ansvar för kvällstillsyn"
    assert titles(client, "kvällstillsyn") == first
    assert titles(client, "KVÄLLSTILLSYN") == first  # the same query to the search
    assert titles(client, "om kvällstillsyn") == first  # stop words are left out
    assert titles(client, "kvällstillsyn", sida="1") == first
    assert ranked == ["kvällstillsyn"]
    # Every search still counts in the query log (paging excepted, as before).
    today = timezone.localdate().isoformat()
    assert querylog.pending() == {(today, "kvällstillsyn"): 3, (today, "om kvällstillsyn"): 1}


def test_cached_results_page_is_still_private(client, search_content):
    client.get("/sok/", {"q": "kvällstillsyn"})
    response = client.get("/sok/", {"q": "kvällstillsyn"})
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_publishing_makes_a_new_page_appear_on_the_very_next_search(client):
    county = SectionPage.objects.get(level=SectionPage.Level.COUNTY)
    assert titles(client, "isbanespolning") == []
    page = ContentPage(
        title="Isbanespolning i länet", slug="isbanespolning", intro="Isbanespolning.", live=False
    )
    county.add_child(instance=page)
    page.save_revision()
    assert titles(client, "isbanespolning") == []  # a draft is not public
    page.save_revision().publish()
    assert titles(client, "isbanespolning") == ["Isbanespolning i länet"]
    page.refresh_from_db()
    page.unpublish()
    assert titles(client, "isbanespolning") == []


def test_a_new_synonym_applies_to_the_very_next_search(client, search_content):
    assert titles(client, "KVT") == []
    Synonym.objects.create(term="KVT", alternatives="kvällstillsyn")
    assert "Ansvar för kvällstillsyn" in titles(client, "KVT")


def test_restricting_a_collection_hides_its_documents_from_the_next_search(client):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Internt")
    document = pdf_document("Rutin för nyckelskåpen", ["Nyckelskåpen töms varje fredag."])
    document.collection = collection
    document.save()
    skaraborg = SectionPage.objects.get(short_name="Skaraborg")
    add_child(
        skaraborg,
        ContentPage(
            title="Nycklar i Skaraborg",
            slug="nycklar",
            intro="Om nycklar.",
            body=[("documents", {"heading": "", "documents": [{"document": document}]})],
        ),
    )
    assert hits(search(client, "nyckelskåpen")) == [("Rutin för nyckelskåpen", "Dokument")]
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert hits(search(client, "nyckelskåpen")) == []


@postgres_only
@pytest.mark.parametrize(
    "query",
    [
        "utskrivning",
        "SIP",
        "samordnad individuell plan fyrbodal",
        "kommunerna kvällstillsyn",
        "protokoll",
        "läkemedel",
        "trapphusmötet",
        "avtal om",
        "Västbus",
        "hsl sol",
    ],
)
def test_ranking_on_the_index_finds_what_wagtails_search_finds(search_content, query):
    """The site search ranks on the index table itself (search.ranking); for every kind of
    content it must return exactly the hits, scores and order of Wagtail's search."""
    from core import fulltext
    from search import ranking, results

    parsed = fulltext.parse(query)
    backend = get_search_backend()
    shared = results.catalogue()
    found = ranking.rank(backend, parsed, shared.public, results.MAX_HITS)
    query_tree = parsed.query()
    expected = {
        ranking.PAGES: fulltext.backend_search(results.searchable_pages(), query_tree, 100),
        ranking.AGREEMENTS: fulltext.backend_search(
            results.published_agreements(), query_tree, 100
        ),
        ranking.DOCUMENTS: fulltext.backend_search(results.public_documents(), query_tree, 100),
    }
    assert any(expected.values()), query
    for kind, hits_of_kind in expected.items():
        assert [(int(row[0]), row[1]) for row in found[kind]] == [
            (obj.pk, score) for obj, score in hits_of_kind
        ], (query, kind)


@postgres_trigram_only
@pytest.mark.parametrize("query", ["hemsjukvårdsavtall", "ledningsgupp", "xyzzyqwerty"])
def test_similarity_ranking_on_the_index_finds_what_wagtails_search_finds(search_content, query):
    from core import fulltext
    from search import ranking, results

    parsed = fulltext.parse(query)
    backend = get_search_backend()
    found = ranking.rank(backend, parsed, results.catalogue().public, results.MAX_HITS, fuzzy=True)
    expected = {
        ranking.PAGES: fulltext.fuzzy_search(results.searchable_pages(), parsed, 100),
        ranking.AGREEMENTS: fulltext.fuzzy_search(results.published_agreements(), parsed, 100),
        ranking.DOCUMENTS: fulltext.fuzzy_search(results.public_documents(), parsed, 100),
    }
    for kind, hits_of_kind in expected.items():
        assert [(int(row[0]), row[1]) for row in found[kind]] == [
            (obj.pk, score) for obj, score in hits_of_kind
        ], (query, kind)


# -- cost --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "SIP"},
        {"q": "överenskommelser"},
        {"q": "protokoll", "sida": "2"},
        {"q": "SIP", "typ": "dokument"},
        {"q": "trapphusmötet"},
        {"q": "xyzzyqwerty"},
        {"q": "hemsjukvårdsavtall"},
        {"q": ""},
    ],
)
def test_search_page_runs_a_small_constant_number_of_queries(
    client, search_content, params, django_assert_max_num_queries
):
    client.get("/sok/", params)  # warm the per-process caches, as on a running server
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get("/sok/", params).status_code == 200


SEARCH_PARAMS = [
    {"q": "överenskommelser"},
    {"q": "samordnad individuell plan", "typ": "avtal", "sida": "2"},
    {"q": "trapphusmötet"},
    {"q": "xyzzyqwerty"},
    {"q": "hemsjukvårdsavtall"},
]


@pytest.mark.parametrize("params", SEARCH_PARAMS)
def test_a_query_never_searched_before_stays_within_the_budget(
    client, search_content, params, django_assert_max_num_queries
):
    client.get("/sok/", {"q": "SIP"})  # shared lookups warm, as on a running server
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get("/sok/", params).status_code == 200


@pytest.mark.parametrize("params", SEARCH_PARAMS)
def test_a_repeated_query_is_answered_from_the_cached_hits(
    client, search_content, params, django_assert_max_num_queries
):
    client.get("/sok/", params)
    # The hits and the visible page's snippets are both kept: no query at all.
    with django_assert_max_num_queries(0):
        assert client.get("/sok/", params).status_code == 200


@pytest.mark.parametrize("params", SEARCH_PARAMS)
def test_the_first_search_after_a_publication_stays_within_its_budget(
    client, search_content, params, django_assert_max_num_queries
):
    from core.caching import content_changed

    client.get("/sok/", params)
    content_changed()
    with django_assert_max_num_queries(20):
        assert client.get("/sok/", params).status_code == 200


def test_synonym_without_another_form_is_refused_in_swedish(admin_client_logged_in):
    response = admin_client_logged_in.post(
        "/admin/snippets/search/synonym/add/", {"term": "ABC", "alternatives": "abc"}
    )
    assert response.status_code == 200
    assert "Skriv minst en annan form än själva förkortningen." in response.content.decode()
    assert not Synonym.objects.filter(term="ABC").exists()
