"""Site search at /sok/: Swedish queries, types, sections, snippets, odd input, query cost.

Each test builds the pages, agreements and documents it searches with the factories, on
top of the site's structure (which includes the common abbreviations: SIP, HSL, SoL …).
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from agreements.models import Agreement, AgreementAttachment
from core import fulltext
from core.fulltext.query import IGNORED
from search import querylog
from search.models import Synonym
from tests.conftest import clear_caches
from tests.factories.agreements import AgreementFactory, days, document_type, register, topic
from tests.factories.pages import (
    ContentPageFactory,
    DocumentFactory,
    GroupPageFactory,
    NewsPageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    county,
    editor,
    kommunikator,
    section,
)

pytestmark = pytest.mark.django_db

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


def documents_block(*documents):
    return [
        ("documents", {"heading": "", "documents": [{"document": d} for d in documents]}),
    ]


@pytest.fixture(scope="class")
def search_content(django_db_setup, django_db_blocker):
    """Pages, agreements, a news item, a status report, a group and documents, each with
    words that the queries below look for: built once for the tests of
    ``TestOnSharedContent``, in a transaction rolled back after the last of them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_search_content()
        transaction.set_rollback(True)


def build_search_content():
    ContentPageFactory(
        parent=county(),
        title="Ansvar för kvällstillsyn",
        intro="Varje kommun ansvarar för kvällstillsynen i ordinärt boende.",
    )
    ContentPageFactory(
        parent=section("Skaraborg"),
        title="Äldres mediciner i Skaraborg",
        intro="Sjuksköterskan gör en läkemedelsgenomgång tillsammans med läkaren.",
    )
    ContentPageFactory(
        title="Samordnad individuell plan (SIP)",
        intro="En SIP görs när någon behöver insatser från både kommun och region.",
    )
    AgreementFactory(
        title="Avtal om gemensam trygghetsjour",
        slug="trygghetsjour",
        summary="Avtalet gäller nattpatrullernas larmhantering i glesbygd.",
        attachments=[
            (
                DocumentFactory(
                    title="Bilaga trygghetsjour",
                    text="Bilagan beskriver trapphusmötet som hålls varje kvartal med grannarna.",
                ),
                AgreementAttachment.Role.APPENDIX,
            )
        ],
    )
    AgreementFactory(
        title="Överenskommelse om samverkan vid in- och utskrivning",
        summary="Den som är utskrivningsklar ska kunna lämna sjukhuset utan dröjsmål.",
    )
    AgreementFactory(
        title="Samverkansavtal om hemsjukvård i Alingsås och Lerum",
        summary="Kommunerna tar över hemsjukvården i ordinärt boende.",
    )
    AgreementFactory(
        title="Överenskommelse om samarbete kring personer med psykisk funktionsnedsättning",
        summary="Samarbetet följer hälso- och sjukvårdslagen och socialtjänstlagen.",
    )
    AgreementFactory(
        title="Samverkande sjukvård på Öckerö",
        summary="Gemensam jourverksamhet på ön.",
    )
    AgreementFactory(
        title="Västbus – reviderade riktlinjer för barn och unga (2012)",
        summary="Riktlinjer för barn och unga med psykisk ohälsa.",
        valid_from=days(-4000),
        valid_to=days(-400),
    )
    AgreementFactory(
        title="Reviderad rutin för SIP-möten i Fyrbodal",
        section=section("Fyrbodal"),
        summary="Hur en samordnad individuell plan tas fram i Fyrbodal.",
    )
    GroupPageFactory(
        title="LGS – ledningsgrupp för samverkan",
        intro="Ledningsgruppen samordnar länets arbete.",
    )
    NewsPageFactory(
        title="Fyrbodal testar gemensam mall för SIP-möten",
        intro="En ny mall ska göra mötena kortare.",
    )
    StatusReportPageFactory(
        parent=StatusReportIndexPageFactory(),
        summary="<p>Utbildningen i journalsystemet är klar i alla kommuner.</p>",
    )
    protocol = DocumentFactory(
        title="Protokoll från ledningsgruppen", text="Protokoll om cykelpoolen."
    )
    ContentPageFactory(
        parent=section("Skaraborg"),
        title="Möten i Skaraborg",
        intro="Protokoll från möten.",
        body=documents_block(protocol),
    )


# -- the table of Swedish queries -------------------------------------------------------------

# (query, expected title, how far down it may be)
QUERIES = [
    # inflections (Swedish stemming)
    ("överenskommelser", "Överenskommelse om samverkan vid in- och utskrivning", 3),
    ("kommunerna kvällstillsyn", "Ansvar för kvällstillsyn", 1),
    ("hemsjukvårdsavtalet", "Samverkansavtal om hemsjukvård i Alingsås och Lerum", 1),
    ("utskrivningen", "Överenskommelse om samverkan vid in- och utskrivning", 1),
    ("hemsjukvården", "Samverkansavtal om hemsjukvård i Alingsås och Lerum", 1),
    ("trapphusmöten", "Avtal om gemensam trygghetsjour", 1),
    # compounds (the beginning of a compound finds the compound)
    ("läkemedel", "Äldres mediciner i Skaraborg", 1),
    ("utskrivning", "Överenskommelse om samverkan vid in- och utskrivning", 1),
    ("kvällstillsyn", "Ansvar för kvällstillsyn", 1),
    # abbreviations and synonyms, both ways
    ("SIP", "Samordnad individuell plan (SIP)", 3),
    ("samordnad individuell plan", "Reviderad rutin för SIP-möten i Fyrbodal", 3),
    ("HSL", "Överenskommelse om samarbete kring personer med psykisk", 1),
    ("SoL", "Överenskommelse om samarbete kring personer med psykisk", 1),
    ("LGS", "LGS – ledningsgrupp för samverkan", 1),
    ("ledningsgrupp för samverkan", "LGS – ledningsgrupp för samverkan", 1),
    # words only inside a PDF (a hit in an attachment leads to the agreement)
    ("trapphusmötet", "Avtal om gemensam trygghetsjour", 1),
    ("grannarna kvartal", "Avtal om gemensam trygghetsjour", 1),
    # words in an agreement's summary
    ("jourverksamhet", "Samverkande sjukvård på Öckerö", 1),
    ("nattpatrullernas larmhantering", "Avtal om gemensam trygghetsjour", 1),
    # several words, any case
    ("SIP Fyrbodal", "Reviderad rutin för SIP-möten i Fyrbodal", 3),
    ("ÖCKERÖ", "Samverkande sjukvård på Öckerö", 1),
    # news and status reports
    ("mall", "Fyrbodal testar gemensam mall för SIP-möten", 1),
    ("journalsystemet", "Lägesrapport", 1),
]


def test_agreements_that_no_longer_apply_are_shown_on_demand_below_those_in_force(client):
    AgreementFactory(
        title="Riktlinje om hjälpmedel (upphörd)",
        valid_to=days(-10),
        document_type=document_type("Riktlinje"),
    )
    AgreementFactory(title="Riktlinje om hjälpmedel (kommande)", valid_from=days(10))
    AgreementFactory(title="Riktlinje om hjälpmedel")
    soup = search(client, "hjälpmedel")
    assert titles(client, "hjälpmedel") == [
        "Riktlinje om hjälpmedel",
        "Riktlinje om hjälpmedel (kommande)",
    ]
    control = soup.select_one(".search-results__history")
    assert "1 avtal som har upphört eller ersatts" in control.get_text()
    soup = BeautifulSoup(client.get("/sok/" + control.find("a")["href"]).content, "html.parser")
    assert [title for title, _ in hits(soup)] == [
        "Riktlinje om hjälpmedel",
        "Riktlinje om hjälpmedel (kommande)",
        "Riktlinje om hjälpmedel (upphörd)",
    ]
    details = soup.select(".search-result__meta")[2].get_text(" ", strip=True)
    assert "Riktlinje" in details and "Upphört" in details and "–" in details  # validity


def test_a_hit_on_a_replaced_agreement_brings_its_successor_above_it(client):
    """Only the old version mentions "ohälsa"; the version in force is listed first, and the
    old one, shown on demand, points to it."""
    first = AgreementFactory(
        title="Riktlinjer för barn (2005)",
        summary="Om barn med psykisk ohälsa.",
        valid_from=days(-7000),
    )
    second = AgreementFactory(
        title="Riktlinjer för barn (2012)", replaces=first, valid_from=days(-3000)
    )
    AgreementFactory(title="Samverkan för barns hälsa", replaces=second, valid_from=days(-300))
    assert titles(client, "psykisk ohälsa") == ["Samverkan för barns hälsa"]
    soup = search(client, "psykisk ohälsa", historik="1")
    assert [title for title, _ in hits(soup)] == [
        "Samverkan för barns hälsa",
        "Riktlinjer för barn (2005)",
    ]
    successor = soup.select(".search-result")[1].select_one(".search-result__via a")
    assert successor.get_text() == "Samverkan för barns hälsa"
    assert register_titles(client, "psykisk ohälsa") == ["Samverkan för barns hälsa"]


def test_a_compound_the_texts_never_use_finds_its_parts(client):
    """A visitor types a compound the texts never use ("hemsjukvårdsavtalet" for an
    agreement about hemsjukvård): its parts are searched for; a typo in it finds similar
    words, and says so."""
    AgreementFactory(title="Samverkansavtal om hemsjukvård i Lerum")
    AgreementFactory(title="Avtal om färdtjänst")
    assert titles(client, "hemsjukvårdsavtalet") == ["Samverkansavtal om hemsjukvård i Lerum"]
    soup = search(client, "hemsjukvårdsavtall")
    assert "liknar" in soup.select_one(".search-results .notice").get_text()
    assert titles(client, "hemsjukvårdsavtall") == ["Samverkansavtal om hemsjukvård i Lerum"]


def test_a_derived_word_finds_its_root_and_topics_are_searched(client):
    AgreementFactory(title="Överenskommelse om unga", topics=[topic("Psykisk hälsa")])
    AgreementFactory(title="Avtal om färdtjänst")
    assert titles(client, "psykisk ohälsa") == ["Överenskommelse om unga"]


def test_the_beginning_of_a_compound_finds_the_compound(client):
    AgreementFactory(title="Hemsjukvårdsavtal för Skaraborg", section=section("Skaraborg"))
    assert titles(client, "hemsjukvård") == ["Hemsjukvårdsavtal för Skaraborg"]


def test_a_word_with_a_letter_missing_still_finds_the_agreement(client):
    AgreementFactory(title="Riktlinje för utskrivning från sluten vård")
    AgreementFactory(title="Avtal om färdtjänst")
    assert titles(client, "utskrivnig") == ["Riktlinje för utskrivning från sluten vård"]


@pytest.mark.parametrize("query", ["xyzzyqwerty", "qqq zzzvvv", "fjärrstyrd rymdfärja xyzzy"])
def test_queries_without_hits_show_a_helpful_empty_state(client, query):
    soup = search(client, query)
    assert hits(soup) == []
    empty = soup.select_one(".empty-state")
    assert f"Inga träffar för ”{query}”" in empty.get_text()
    register_link = empty.find("a", string="Sök i avtalsregistret")
    assert register_link["href"].startswith(register().url)


def test_misspelled_word_gets_a_suggestion(client):
    GroupPageFactory(title="Ledningsgrupp för vård")
    soup = search(client, "ledningsgupp")
    assert "Menade du" in soup.get_text(" ", strip=True)
    link = soup.find("a", href=lambda href: href and "ledningsgrupp" in href)
    assert link is not None and link.get_text() == "ledningsgrupp"


def test_stop_words_alone_are_explained(client):
    soup = search(client, "och att")
    notice = soup.select_one(".notice").get_text()
    assert "vanliga ord (”och”, ”att”)" in notice
    assert hits(soup) == []


def test_query_parsing_expands_synonyms_and_drops_operators():
    groups = [{("sip",): "SIP", ("samordnad", "individuell", "plan"): "samordnad individuell plan"}]
    parsed = fulltext.parse('SIP AND "möte" OR --', groups=groups)
    assert parsed.typed == [("sip",), ("and",), ("möte",), ("or",)]
    assert parsed.expansions == [("SIP", ["samordnad individuell plan"])]
    parsed = fulltext.parse("om samordnad individuell plan i Fyrbodal", groups=groups)
    assert parsed.typed == [
        ("samordnad", "individuell", "plan"),
        ("fyrbodal",),
    ]
    assert parsed.stop_words == ["om", "i"]
    assert fulltext.parse("\x00" * 10).text == ""
    assert fulltext.parse("x" * 500).shortened


# -- what each hit shows ----------------------------------------------------------------------


def test_a_synonym_phrase_is_marked_in_the_snippet(client):
    ContentPageFactory(title="Planering", intro="En samordnad individuell plan skrivs ihop.")
    soup = search(client, "SIP")
    marks = [mark.get_text() for mark in soup.select(".search-result__snippet mark")]
    assert marks[:3] == ["samordnad", "individuell", "plan"]


def test_results_are_paginated_with_sida(client):
    AgreementFactory.create_batch(23, summary="Protokoll från samrådet.")
    first = search(client, "protokoll")
    assert len(hits(first)) == 20
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "q=protokoll" in next_link and "sida=2" in next_link
    second = BeautifulSoup(client.get("/sok/" + next_link).content, "html.parser")
    assert len(hits(second)) == 3 and set(hits(second)).isdisjoint(hits(first))


# -- only what visitors may see ---------------------------------------------------------------


def test_drafts_private_pages_and_their_documents_are_not_found(client):
    ContentPageFactory(title="Utkast om snöröjningsplikt", intro="Snöröjningsplikt.", publish=False)
    private = ContentPageFactory(title="Intern sida om snöröjningsplikt", intro="x")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    ContentPageFactory(parent=private, title="Undersida om snöröjningsplikt")
    AgreementFactory(
        publish=False,
        title="Avtal om snöröjningsplikt",
        summary="Snöröjningsplikt.",
        attachments=[DocumentFactory(title="Utkastbilaga", text="Snöröjningsplikt i utkast.")],
    )
    assert titles(client, "snöröjningsplikt") == []


def test_document_used_only_by_a_draft_is_not_listed_until_published(client):
    agreement = AgreementFactory(
        publish=False,
        title="Avtal om vinterväghållning",
        attachments=[DocumentFactory(title="Bilaga plogbilar", text="Plogbilarnas rutter.")],
    )
    assert titles(client, "plogbilarnas") == []
    agreement.save_revision().publish()
    assert titles(client, "plogbilarnas") == ["Avtal om vinterväghållning"]


def test_restricting_a_collection_hides_its_documents_from_the_next_search(client):
    collection = Collection.get_first_root_node().add_child(name="Internt")
    document = DocumentFactory(
        title="Rutin för nyckelskåpen", text="Nyckelskåpen töms fredagar.", collection=collection
    )
    ContentPageFactory(title="Nycklar", body=documents_block(document))
    assert hits(search(client, "nyckelskåpen")) == [("Rutin för nyckelskåpen", "Dokument")]
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert hits(search(client, "nyckelskåpen")) == []


# -- odd input --------------------------------------------------------------------------------


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
        "o'brien\\ är:* här",
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
    soup = BeautifulSoup(client.get(register().url, {"q": q}).content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".agreement-item__title")]


def test_register_search_lists_the_best_match_first(client):
    AgreementFactory(title="Avtal om hjälpmedel", summary="Om hjälpmedel.")
    AgreementFactory(title="Avtal om transporter", summary="Även hjälpmedel nämns.")
    assert register_titles(client, "hjälpmedel")[0] == "Avtal om hjälpmedel"


def test_register_search_ranks_as_wagtails_search_and_passes_over_drafts(client, monkeypatch):
    # The agreements are ranked on the search index alone (``index_search``): a draft's
    # entry ranked above the published ones is passed over, and more entries read.
    monkeypatch.setattr(fulltext.query, "INDEX_SEARCH_MARGIN", 1)
    for n in range(4):
        text = "Ledsagning, ledsagning och åter ledsagning."
        AgreementFactory(title=f"Ledsagning, utkast {n}", summary=text, publish=False)
    AgreementFactory(title="Avtal om ledsagning", summary="Om ledsagning.")
    AgreementFactory(title="Avtal om resor", summary="Ledsagning nämns.")
    AgreementFactory(title="Avtal om kost", summary="Inget om det.")
    query = fulltext.parse("ledsagning").query()
    assert len(fulltext.backend_search(Agreement.objects.all(), query, 10)) == 6  # drafts too
    published = Agreement.objects.filter(live=True)
    wagtails = [(a.pk, round(s, 6)) for a, s in fulltext.backend_search(published, query, 2)]
    ours = [(a.pk, round(s, 6)) for a, s in fulltext.index_search(published, query, 2)]
    assert ours == wagtails and len(ours) == 2
    assert register_titles(client, "ledsagning") == ["Avtal om ledsagning", "Avtal om resor"]


# -- synonyms are edited by the kommunikatör in the admin -------------------------------------


def test_section_editor_cannot_edit_synonyms(client):
    client.force_login(editor())
    assert client.get("/admin/snippets/search/synonym/add/").status_code in (302, 403)


def test_synonym_without_another_form_is_refused_in_swedish(admin_client_logged_in):
    response = admin_client_logged_in.post(
        "/admin/snippets/search/synonym/add/", {"term": "ABC", "alternatives": "abc"}
    )
    assert response.status_code == 200
    assert "Skriv minst en annan form än själva förkortningen." in response.content.decode()
    assert not Synonym.objects.filter(term="ABC").exists()


def test_setup_site_seeds_common_abbreviations():
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"SIP", "VVG", "SRO", "HSL", "SoL", "LGS"} <= terms


# -- query log: cheap and bounded -------------------------------------------------------------


@pytest.fixture
def empty_query_log():
    querylog.flush()  # counts other tests left in this process, with the day's clean-up
    Query.objects.all().delete()
    # So the day's first write applies retention again; the content version is set anew as a
    # publication sets it (a cleared version would be re-created a second later, and every
    # search cached before then asked again).
    clear_caches()
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
    run = results.run

    def counting_run(parsed, request):
        calls.append(parsed.text)
        return run(parsed, request)

    monkeypatch.setattr(results, "run", counting_run)
    return calls


def test_publishing_makes_a_new_page_appear_on_the_very_next_search(client):
    assert titles(client, "isbanespolning") == []
    page = ContentPageFactory(title="Isbanespolning i länet", publish=False)
    assert titles(client, "isbanespolning") == []  # a draft is not public
    page.save_revision().publish()
    assert titles(client, "isbanespolning") == ["Isbanespolning i länet"]
    page.refresh_from_db()
    page.unpublish()
    assert titles(client, "isbanespolning") == []


# -- cost --------------------------------------------------------------------------------------

SEARCH_PARAMS = [
    {"q": "överenskommelser"},
    {"q": "samordnad individuell plan", "typ": "avtal", "sida": "2"},
    {"q": "trapphusmötet"},
    {"q": "cykelpoolen"},
    {"q": "xyzzyqwerty"},
    {"q": "hemsjukvårdsavtall"},
    {"q": "utskrivnig"},
]


class TestOnSharedContent:
    """Searches over one set of content (``search_content``), built once for them all."""

    def test_swedish_queries_find_the_expected_top_results(self, client, search_content):
        missed = []
        for query, expected, within in QUERIES:
            found = titles(client, query)
            if not any(title.startswith(expected) for title in found[:within]):
                missed.append((query, found[:10]))
        assert missed == []

    def test_each_hit_shows_type_section_and_marked_snippet(self, client, search_content):
        soup = search(client, "kvällstillsyn")
        first = soup.select_one(".search-result")
        assert first.select_one(".search-result__type").get_text() == "Sida"
        assert "Länsnivå" in first.select_one(".search-result__meta").get_text()
        marks = [mark.get_text() for mark in first.select(".search-result__snippet mark")]
        assert "kvällstillsynen" in marks

    def test_a_news_item_shows_its_date(self, client, search_content):
        from django.utils.formats import date_format

        from pages.models import NewsPage

        news = NewsPage.objects.get(title="Fyrbodal testar gemensam mall för SIP-möten")
        hit = next(
            result
            for result in search(client, "mall för SIP-möten").select(".search-result")
            if news.title in result.get_text()
        )
        assert date_format(news.date) in hit.select_one(".search-result__meta").get_text()

    def test_hit_in_an_attachment_leads_to_the_agreement(self, client, search_content):
        soup = search(client, "trapphusmötet")
        first = soup.select_one(".search-result")
        assert first.select_one(".search-result__type").get_text() == "Avtal/överenskommelse"
        assert first.select_one("a")["href"] == register().url + "trygghetsjour/"
        assert "trapphusmötet" in [m.get_text() for m in first.select("mark")]

    def test_documents_show_the_page_that_uses_them(self, client, search_content):
        soup = search(client, "cykelpoolen")
        assert hits(soup) == [("Protokoll från ledningsgruppen", "Dokument")]
        first = soup.select_one(".search-result")
        assert first.select_one("a")["href"].startswith("/dokument/")
        assert "Skaraborg" in first.select_one(".search-result__meta").get_text()
        used_on = first.select_one(".search-result__used-on a")
        assert used_on.get_text() == "Möten i Skaraborg"
        assert used_on["href"].endswith("/moten-i-skaraborg/")

    def test_type_filter_counts_and_narrows(self, client, search_content):
        soup = search(client, "SIP")
        filters = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".search-types a")}
        assert "Nyheter (1)" in filters and "Sidor (1)" in filters
        assert "Avtal och överenskommelser (1)" in filters
        soup = BeautifulSoup(client.get("/sok/" + filters["Nyheter (1)"]).content, "html.parser")
        assert hits(soup) == [("Fyrbodal testar gemensam mall för SIP-möten", "Nyhet")]
        assert (
            soup.select_one('.search-types a[aria-current="page"]').get_text().startswith("Nyheter")
        )

    def test_unknown_type_is_ignored_with_a_notice(self, client, search_content):
        soup = search(client, "SIP", typ="planeter")
        assert "Typen ”planeter” finns inte" in soup.select_one(".notice").get_text()
        assert hits(soup)

    def test_promoted_result_is_shown_first(self, client, search_content):
        page = ContentPageFactory(title="Allt om SIP-mötet")
        SearchPromotion.objects.create(query=Query.get("sip"), page=page, sort_order=0)
        soup = search(client, "SIP")
        promoted = soup.select_one(".search-promotions")
        assert promoted.find("a").get_text() == "Allt om SIP-mötet"
        assert promoted.find("a")["href"] == page.url
        assert promoted.sourceline < soup.select_one(".search-result-list").sourceline

    def test_synonym_expansion_is_explained(self, client, search_content):
        soup = search(client, "SIP")
        text = soup.select_one(".search-results__expansions").get_text(" ", strip=True)
        assert "samordnad individuell plan" in text and "SIP" in text

    def test_register_search_uses_synonyms(self, client, search_content):
        found = register_titles(client, "HSL")
        assert found[0].startswith("Överenskommelse om samarbete kring personer")

    def test_register_search_finds_words_only_in_attachments(self, client, search_content):
        assert register_titles(client, "trapphusmötet") == ["Avtal om gemensam trygghetsjour"]

    def test_register_search_uses_compounds(self, client, search_content):
        assert "Avtal om gemensam trygghetsjour" in register_titles(client, "trygghet")

    def test_register_search_uses_swedish_stemming(self, client, search_content):
        assert "Avtal om gemensam trygghetsjour" in register_titles(client, "larmhanteringen")

    def test_kommunikator_adds_a_synonym_in_the_admin_and_search_uses_it(
        self, client, search_content
    ):
        assert titles(client, "KVT") == []
        client.force_login(kommunikator())
        assert client.get("/admin/snippets/search/synonym/").status_code == 200
        response = client.post(
            "/admin/snippets/search/synonym/add/",
            {"term": "KVT", "alternatives": "kvällstillsyn\nkvällstillsynen"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        assert Synonym.objects.filter(term="KVT").exists()
        assert "Ansvar för kvällstillsyn" in titles(client, "KVT")

    def test_a_repeated_search_uses_the_cached_hits_and_is_still_counted(
        self, client, search_content, empty_query_log, ranked
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

    def test_cached_results_page_is_still_private(self, client, search_content):
        client.get("/sok/", {"q": "kvällstillsyn"})
        response = client.get("/sok/", {"q": "kvällstillsyn"})
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    def test_a_new_synonym_applies_to_the_very_next_search(self, client, search_content):
        assert titles(client, "KVT") == []
        Synonym.objects.create(term="KVT", alternatives="kvällstillsyn")
        assert "Ansvar för kvällstillsyn" in titles(client, "KVT")

    def test_a_query_never_searched_before_stays_within_the_budget(
        self, client, search_content, django_assert_max_num_queries
    ):
        client.get("/sok/", {"q": "SIP"})  # shared lookups warm, as on a running server
        for params in SEARCH_PARAMS:
            IGNORED.clear()  # nor are its words known to be stop words or not
            with django_assert_max_num_queries(QUERY_BUDGET, info=params):
                assert client.get("/sok/", params).status_code == 200

    def test_a_repeated_query_is_answered_from_the_cached_hits(
        self, client, search_content, django_assert_max_num_queries
    ):
        for params in SEARCH_PARAMS:
            client.get("/sok/", params)
            # The hits and the visible page's snippets are both kept: no query at all.
            with django_assert_max_num_queries(0, info=params):
                assert client.get("/sok/", params).status_code == 200

    def test_the_first_search_after_a_publication_stays_within_its_budget(
        self, client, search_content, django_assert_max_num_queries
    ):
        from core.caching import content_changed

        for params in SEARCH_PARAMS:
            client.get("/sok/", params)
            content_changed()
            with django_assert_max_num_queries(20, info=params):
                assert client.get("/sok/", params).status_code == 200
