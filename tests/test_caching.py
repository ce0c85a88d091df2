"""The layers below the whole-page cache: page content rendered once per content version,
previews that never reach visitors, the version itself (which turns over at midnight and is
shared by every process through the cache), and what gunicorn's master may do before it
forks."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from agreements.models import Agreement, Level
from core import caching
from tests.factories.agreements import AgreementFactory, days, municipality, register
from tests.factories.pages import (
    ContentPageFactory,
    DocumentFactory,
    GroupPageFactory,
    NewsPageFactory,
    county,
    home,
    news_index,
    section,
)
from tests.test_agreement_admin import edit_form_data
from tests.test_search import register_titles
from tests.test_search import titles as site_titles

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


# -- page content, rendered once per content version ---------------------------------------------


def test_a_sections_content_is_rendered_once_and_shared_by_other_urls(client):
    fyrbodal = section("Fyrbodal")
    GroupPageFactory(parent=fyrbodal, title="Närvårdsgrupp Uddevalla")
    NewsPageFactory(parent=news_index(fyrbodal), title="Ny rutin i Fyrbodal")
    cold, first = queries(client, fyrbodal.url)
    # Same page, another address (a tracking parameter): the whole-page cache does not know
    # it, but the content is not rendered again, so none of its listings are read.
    warm, second = queries(client, fyrbodal.url + "?utm_source=nyhetsbrev")
    assert any("pages_newspage" in sql for sql in cold)
    assert not any("pages_newspage" in sql or "pages_grouppage" in sql for sql in warm)
    assert len(warm) < len(cold)
    assert first == second


def test_editors_get_the_shared_content_but_their_own_userbar(admin_client_logged_in):
    url = section("Skaraborg").url
    anonymous = Client().get(url).content.decode()
    editor = admin_client_logged_in.get(url).content.decode()
    assert "wagtail-userbar" in editor and "wagtail-userbar" not in anonymous
    main = anonymous.split('<main id="innehall"')[1].split("</main>")[0]
    assert main in editor


def test_a_preview_of_a_draft_neither_reads_nor_fills_the_shared_content():
    fyrbodal = section("Fyrbodal")
    visitor = Client()
    assert "Hemligt utkast" not in visitor.get(fyrbodal.url).content.decode()  # cached now
    fyrbodal.intro = "Hemligt utkast till ny ingress"
    draft = fyrbodal.save_revision().as_object()  # a draft, not published
    preview = draft.make_preview_request()
    assert "Hemligt utkast" in preview.content.decode(), "the preview shows the draft"
    caches["pages"].clear()
    assert "Hemligt utkast" not in visitor.get(fyrbodal.url).content.decode()
    assert "Hemligt utkast" not in visitor.get(fyrbodal.url + "?annan=1").content.decode()


def test_previewing_a_renamed_draft_leaves_every_public_page_unchanged(admin_client_logged_in):
    """An editor previews a draft that renames a page, through the admin's preview; every
    public page (the page itself, its child, its section, the home page) still shows the
    published title, in its breadcrumbs as everywhere else."""
    fyrbodal = section("Fyrbodal")
    page = ContentPageFactory(parent=fyrbodal, title="Rutin vid utskrivning", slug="rutin")
    child = ContentPageFactory(parent=page, title="Bilagor till rutinen", slug="bilagor")
    data = nested_form_data(
        {
            "title": "Hemlig ny titel",
            "slug": "rutin",
            "intro": page.intro,
            "body": streamfield([("paragraph", rich_text("<p>Utkast.</p>"))]),
            "last_reviewed": "",
        }
    )
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = admin_client_logged_in.post(preview_url, data)
    assert response.json()["is_valid"], response.content
    preview = admin_client_logged_in.get(preview_url).content.decode()
    assert "Hemlig ny titel" in preview, "the preview shows the draft"

    visitor = Client()
    for url in (page.url, child.url, fyrbodal.url, home().url):
        html = visitor.get(url).content.decode()
        assert "Hemlig ny titel" not in html, url
    breadcrumbs = visitor.get(page.url).content.decode().split('class="breadcrumbs')[1]
    assert "Rutin vid utskrivning" in breadcrumbs.split("</nav>")[0]


def test_the_news_list_keeps_one_copy_per_page_number_and_renders_odd_ones(client):
    index = news_index(section("Fyrbodal"))
    for number in range(12):
        NewsPageFactory(parent=index, title=f"Nyhet nummer {number:02d}")
    first = client.get(index.url).content.decode()
    second_page = client.get(index.url + "?sida=2").content.decode()
    # Newest first, ten per page.
    assert "Nyhet nummer 11" in first and "Nyhet nummer 11" not in second_page
    assert "Nyhet nummer 00" in second_page and "Nyhet nummer 00" not in first
    again = client.get(index.url + "?sida=1&x=1").content.decode()
    assert again.count('class="card"') == first.count('class="card"')
    # Text, zero and huge numbers land on a real page and are never an error.
    for odd in ["abc", "0", "-3", "99999999999"]:
        assert client.get(index.url + f"?sida={odd}").status_code == 200, odd


# -- the content version ----------------------------------------------------------------------


def test_what_changes_at_midnight_is_shown_the_next_day_without_a_publication(client, time_machine):
    today = timezone.localdate()
    AgreementFactory(slug="gar-ut-i-natt", title="Avtal som går ut i natt", valid_to=today)
    detail = f"{register().url}gar-ut-i-natt/"
    assert "Gällande" in client.get(detail).content.decode()
    assert "Avtal som går ut i natt" in client.get(register().url).content.decode()

    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))  # the clock passes midnight
    assert "Upphört" in client.get(detail).content.decode()
    assert "Avtal som går ut i natt" not in client.get(register().url).content.decode()


def test_the_content_version_follows_the_clock_either_way(time_machine):
    """A clock set back (a corrected server clock) must not keep tomorrow's version."""
    now = timezone.now()
    today = caching.content_version()
    time_machine.move_to(now + datetime.timedelta(days=1))
    tomorrow = caching.content_version()
    assert tomorrow.endswith(f"{timezone.localdate():%Y%m%d}") and tomorrow != today
    time_machine.move_to(now)
    assert caching.content_version() == today


def test_publishing_moves_the_version_on_for_every_process(settings, redis_url):
    """Two cache connections stand for two workers: a publication handled by one is seen by
    the other on its next read of the version."""
    from core.cache import FailsafeRedisCache

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.cache.FailsafeRedisCache", "LOCATION": redis_url},
    }
    other_worker = FailsafeRedisCache(redis_url, {})
    before = caching.content_version()
    caching.content_changed()
    after = caching.content_version()
    assert after != before
    assert after.startswith(f"{other_worker.get(caching.VERSION_KEY)}.")


def test_an_unreachable_redis_is_the_process_memory_not_an_error():
    from core.cache import FailsafeRedisCache

    cache = FailsafeRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert cache.get("anything", "standard") == "standard"
    cache.set("anything", 1)
    assert cache.add("anything", 1) is False
    assert cache.add("counter", 1) is True
    assert cache.incr("counter", 3) == 4


# -- what is computed from agreements alone, kept until an agreement changes ---------------------


def api_rows(client, **params):
    response = client.get(f"{register().url}api/", params)
    assert response.status_code == 200
    return response.json()["results"]


def api_titles(client, **params):
    return [row["title"] for row in api_rows(client, **params)]


def ranking_queries(sql):
    """The queries that rank agreements in the search index (their index entries alone, or
    joined to the agreements)."""
    agreements = ContentType.objects.get_for_model(Agreement).pk
    return [
        q
        for q in sql
        if "ts_rank" in q
        and (f'"content_type_id" IN ({agreements})' in q or 'FROM "agreements_agreement"' in q)
    ]


def test_a_published_news_item_leaves_the_agreements_search_and_api_as_they_were(client):
    AgreementFactory(title="Avtal om snöröjning vid vårdcentraler")
    register_titles(client, "snöröjning"), site_titles(client, "snöröjning"), api_titles(client)
    NewsPageFactory(parent=news_index(section("Fyrbodal")), title="Snöröjning i Dalsland")

    sql, html = queries(client, f"{register().url}?q=snöröjning")
    assert "Avtal om snöröjning vid vårdcentraler" in html
    assert ranking_queries(sql) == []  # the agreements' hits were kept,
    assert not any('FROM "agreements_agreement"' in query for query in sql)  # and the list
    sql, html = queries(client, "/sok/?q=snöröjning")
    assert "Avtal om snöröjning vid vårdcentraler" in html
    assert "Snöröjning i Dalsland" in html  # the new page is searched at once
    assert ranking_queries(sql) == []
    sql, _ = queries(client, f"{register().url}api/")
    assert not any('FROM "agreements_agreement"' in query for query in sql)


def test_a_news_item_leaves_the_agreement_panels_and_an_agreement_shows_in_them_at_once(client):
    """The section's and the municipality's panels of what applies there are kept until an
    agreement changes: a news item's publication renders both pages anew without reading
    the agreements; an agreement's publication shows in both at once."""
    fyrbodal = section("Fyrbodal")
    uddevalla = f"/kommun/{municipality('Uddevalla').slug}/"
    AgreementFactory(title="Avtal om snöröjning", section=fyrbodal, level=Level.SUBREGIONAL)
    for url in (fyrbodal.url, uddevalla):
        assert "Avtal om snöröjning" in client.get(url).content.decode()
    NewsPageFactory(parent=news_index(fyrbodal), title="Snöröjning i Dalsland")
    for url in (fyrbodal.url, uddevalla):
        sql, html = queries(client, url)
        assert "Avtal om snöröjning" in html
        assert not any('FROM "agreements_agreement"' in query for query in sql), url
    AgreementFactory(title="Avtal om halkskydd", section=fyrbodal, level=Level.SUBREGIONAL)
    for url in (fyrbodal.url, uddevalla):
        assert "Avtal om halkskydd" in client.get(url).content.decode(), url


def test_an_agreement_added_renamed_or_unpublished_shows_in_searches_and_api_at_once(client):
    word = "halkskydd"
    assert register_titles(client, word) == []
    assert "Avtal om halkskydd" not in site_titles(client, word)
    before = api_titles(client, q=word)
    agreement = AgreementFactory(title="Avtal om halkskydd", slug="avtal-om-halkskydd")
    assert register_titles(client, word) == ["Avtal om halkskydd"]
    assert "Avtal om halkskydd" in site_titles(client, word)
    assert api_titles(client, q=word) == [*before, "Avtal om halkskydd"]

    agreement.title = "Överenskommelse om halkskydd"
    agreement.save_revision().publish()
    assert register_titles(client, word) == ["Överenskommelse om halkskydd"]
    assert "Överenskommelse om halkskydd" in site_titles(client, word)
    assert "Överenskommelse om halkskydd" in api_titles(client, q=word)

    agreement.unpublish()
    assert register_titles(client, word) == []
    assert "Överenskommelse om halkskydd" not in site_titles(client, word)
    assert "Överenskommelse om halkskydd" not in api_titles(client, q=word)


def whole_rankings(sql, model):
    """Queries that rank every matching index entry of ``model`` (and the models inheriting
    from it), not only some objects' (``"object_id" IN``)."""
    kind = str(ContentType.objects.get_for_model(model).pk)
    kinds = lambda q: re.findall(r'"content_type_id" IN \(([\d, ]+)\)', q)  # noqa: E731
    return [
        q
        for q in sql
        if "ts_rank" in q
        and any(kind in found.split(", ") for found in kinds(q))
        and '"object_id" IN' not in q
    ]


def test_an_agreement_published_is_ranked_again_alone_with_the_hits_of_a_full_search(
    client, monkeypatch
):
    """Publishing an agreement ranks that agreement's index entry again, not every
    agreement the query matches, and the register and the site search show exactly what a
    search of everything shows: with the best hits cut to two (the kept ranking reads three)
    so that an agreement leaving the top, and one entering it, are both tried."""
    monkeypatch.setattr("agreements.search.MAX_HITS", 2)
    monkeypatch.setattr("core.fulltext.query.INDEX_SEARCH_MARGIN", 1)
    word = "halkskydd"
    rows = [
        ("Halkskydd", "Halkskydd och halkskydd: avtal om halkskydd."),
        ("Avtal om halkskydd vid vårdcentraler", "Halkskydd vid entréer."),
        ("Avtal om halkskydd i hemtjänsten", "Om skor."),
        ("Avtal om vinterväghållning", "Även halkskydd nämns."),
        ("Avtal om sandning", "Sandning ger halkskydd."),
    ]
    made = [AgreementFactory(title=t, summary=s) for t, s in rows]

    def full_search():
        caching.content_changed(scopes=["agreements"])  # a change not known by id
        assert whole_rankings(queries(client, f"{register().url}?q={word}")[0], Agreement)
        return register_titles(client, word), site_titles(client, word)

    before = full_search()
    assert before[0] == ["Halkskydd", "Avtal om halkskydd vid vårdcentraler"]

    def published(agreement, **fields):
        for name, value in fields.items():
            setattr(agreement, name, value)
        agreement.save_revision().publish()
        sql, _ = queries(client, f"{register().url}?q={word}")
        assert ranking_queries(sql) and not whole_rankings(sql, Agreement)
        kept = register_titles(client, word), site_titles(client, word)
        assert kept == full_search()
        return kept[0]

    # The best hit no longer matches: the next one read comes up, the cut is read again.
    assert published(made[0], title="Avtal om snöröjning", summary="Om snö.") == [
        "Avtal om halkskydd vid vårdcentraler",
        "Avtal om halkskydd i hemtjänsten",
    ]
    # One from below the cut now matches best.
    last = published(made[4], title="Halkskydd vid sandning", summary="Halkskydd, halkskydd.")
    assert last[0] == "Halkskydd vid sandning"
    made[1].unpublish()
    assert "Avtal om halkskydd vid vårdcentraler" not in register_titles(client, word)
    assert register_titles(client, word) == full_search()[0]


def agreement_rows_read(sql):
    """The ids of the agreements whose rows the searches read by id (not the register's
    page of them, ordered by their place in the ranking, nor its count)."""
    reads = [q for q in sql if "array_position" not in q and "COUNT(" not in q]
    ids = r'"agreements_agreement"\."id" (?:IN \(|= ANY\(\'\{)([\d, ]+)'
    return {int(pk) for q in reads for found in re.findall(ids, q) for pk in found.split(",")}


def texts(client, url, selector):
    """Each item's text and the addresses it links to."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        " ".join([*item.get_text(" ").split(), *(a["href"] for a in item.select("a[href]"))])
        for item in soup.select(selector)
    ]


def searched_anew(client, url, selector=".search-result"):
    """``texts`` of the site search made anew, after a change of pages not known by id."""
    caching.log_change(caching.PAGES)
    caching.content_changed()
    return texts(client, url, selector)


def headline_reads(sql):
    """The ids of the objects whose snippets (``ts_headline``) the queries made."""
    made = [q for q in sql if "ts_headline" in q]
    return {int(pk) for q in made for pk in re.findall(r"\"object_id\" = '(\d+)'", q)}


def document_rankings(sql):
    return [q for q in sql if "search_documenttext" in q and "ts_rank" in q]


def searched_after_publishing(client, url, changed):
    """Publish ``changed`` (a page or an agreement) and search ``url``: the search made
    that object's snippet alone and did not rank the documents again. Its SQL."""
    changed.save_revision().publish()
    sql, _ = queries(client, url)
    assert headline_reads(sql) == {changed.pk}
    assert not document_rankings(sql)
    return sql


def lines(client, word):
    """What the register (every status) and the site search show of each hit."""
    register_lines = texts(client, f"{register().url}?q={word}&status=alla", ".agreement-item")
    return register_lines, texts(client, f"/sok/?q={word}", ".search-result")


def test_a_successor_published_reads_again_only_its_row_and_the_agreements_it_replaces(client):
    """After an agreement's publication the searches read again only its row and the rows of
    the agreements it replaces now or replaced before (whose status and validity change
    with it), and show exactly what a search of everything shows."""
    word = "halkbekämpning"
    first = AgreementFactory(title="Avtal om halkbekämpning", valid_from=days(-400))
    second = AgreementFactory(title="Halkbekämpning i hemtjänsten", valid_from=days(-300))
    AgreementFactory(title="Halkbekämpning vid vårdcentraler")

    def full_search():
        caching.content_changed(scopes=["agreements"])  # a change not known by id
        return lines(client, word)

    full_search()

    def published(agreement, *others):
        agreement.save_revision().publish()
        read = set()
        for url in f"{register().url}?q={word}&status=alla", f"/sok/?q={word}":
            read |= agreement_rows_read(queries(client, url)[0])
        assert read <= {agreement.pk, *others}
        kept = lines(client, word)
        assert kept == full_search()
        return kept

    successor = AgreementFactory(
        title="Nytt avtal om halkbekämpning", replaces=first, valid_from=days(-10)
    )
    successor.refresh_from_db()
    register_lines, site_lines = published(successor, first.pk)
    replaced = [line for line in register_lines if "Ersatt" in line]
    assert [line.startswith("Avtal om halkbekämpning") for line in replaced] == [True]
    assert any("Nytt avtal om halkbekämpning" in line for line in site_lines)
    successor.title = "Reviderat avtal om halkbekämpning"
    _, site_lines = published(successor, first.pk)
    assert any("Reviderat avtal om halkbekämpning" in line for line in site_lines)
    successor.replaces = second  # the first applies again, the second is replaced
    replaced = [line for line in published(successor, first.pk, second.pk)[0] if "Ersatt" in line]
    assert [line.startswith("Halkbekämpning i hemtjänsten") for line in replaced] == [True]
    successor.valid_from = days(20)  # not started: the second applies until then
    register_lines, _ = published(successor, second.pk)
    assert not any("Ersatt" in line for line in register_lines)


def test_a_page_published_is_ranked_again_alone_with_the_hits_of_a_full_search(
    client, django_capture_on_commit_callbacks
):
    """Publishing a page ranks that page's index entry again, not every page the query
    matches, and reads that page alone; the site search shows exactly what a search of
    everything shows, the pages' addresses too (a parent's slug changed: its children's)."""
    word = "halkolyckor"
    made = [
        ContentPageFactory(title="Halkolyckor", intro="Halkolyckor och fler halkolyckor."),
        ContentPageFactory(title="Om halkolyckor i hemtjänsten", intro="Om skor."),
        ContentPageFactory(parent=section("Fyrbodal"), title="Rutiner", intro="Mot halkolyckor."),
    ]
    url = f"/sok/?q={word}"

    def full_search():
        caching.log_change(caching.PAGES)  # a change not known by id
        caching.content_changed()
        assert whole_rankings(queries(client, url)[0], Page)
        return texts(client, url, ".search-result")

    assert [line.split(" Sida")[0] for line in full_search()] == [
        "Halkolyckor",
        "Om halkolyckor i hemtjänsten",
        "Rutiner",
    ]

    def searched_after(change, *pages):
        pages += (new,) if isinstance(new := change(), Page) else ()
        sql, _ = queries(client, url)
        assert not whole_rankings(sql, Page)  # one page ranked again
        read = re.findall(r'"wagtailcore_page"\."id" IN \(([\d, ]+)\)', " ".join(sql))
        read = {int(pk) for ids in read for pk in ids.split(",")}
        assert not read & {page.pk for page in Page.objects.live()} - {page.pk for page in pages}
        kept = texts(client, url, ".search-result")
        assert kept == full_search()
        return [line.split(" Sida")[0].split(" Nyhet")[0] for line in kept]

    def renamed(page, title):
        page.title = title
        return lambda: page.save_revision().publish()

    assert "Halkolyckor" not in searched_after(renamed(made[0], "Vinterrutiner"), made[0])
    found = searched_after(renamed(made[2], "Halkolyckor i Fyrbodal"), made[2])
    assert found[0] == "Halkolyckor i Fyrbodal"
    fyrbodal = news_index(section("Fyrbodal"))
    news = lambda: NewsPageFactory(parent=fyrbodal, title="Färre halkolyckor")  # noqa: E731
    assert "Färre halkolyckor" in searched_after(news)
    assert "Om halkolyckor i hemtjänsten" not in searched_after(made[1].unpublish, made[1])
    child = ContentPageFactory(parent=made[0], title="Halkolyckor vid entréer")
    searched_after(lambda: None, child, made[0])  # the parent saved with its new child

    def slug_changed():  # the child's address changes with it (Wagtail says so once the
        made[0].slug = "vinterrutiner"  # change is committed)
        with django_capture_on_commit_callbacks(execute=True):
            made[0].save_revision().publish()

    slug_changed()
    found = texts(client, url, ".search-result")
    assert f"/vinterrutiner/{child.slug}/" in " ".join(found)
    assert found == full_search()


def test_a_page_published_looks_up_again_only_the_documents_it_links_to_now_or_did(client):
    """Which documents public pages use (and so which the site search finds) is looked up
    again after a page's publication only for the documents that page links to now or was
    the first to link to; the search shows what a lookup of every document shows."""
    from tests.test_search import documents_block

    word = "vägsaltet"
    salt, grit, sand = (
        DocumentFactory(title=title, text=f"Om vägsaltet: {title}.")
        for title in ("Saltrutin", "Grusrutin", "Sandrutin")
    )
    first = ContentPageFactory(title="Vinterväghållning", body=documents_block(salt))
    second = ContentPageFactory(title="Halkbekämpning", body=documents_block(grit))
    url = f"/sok/?q={word}"

    full_search = lambda: searched_anew(client, url)  # noqa: E731

    def documents_looked_up(sql):
        lookups = [q for q in sql if "wagtailcore_referenceindex" in q]
        found = re.findall(r'"to_object_id" IN \(([\d, \']+)\)', " ".join(lookups))
        return {int(pk.strip(" '")) for ids in found for pk in ids.split(",")}

    assert [line.split(" Dokument")[0] for line in full_search()] == ["Grusrutin", "Saltrutin"]
    second.body = documents_block(sand)  # grit no longer used, sand now
    second.save_revision().publish()
    sql, _ = queries(client, url)
    assert documents_looked_up(sql) == {grit.pk, sand.pk}
    kept = texts(client, url, ".search-result")
    assert kept == full_search()
    assert [line.split(" Dokument")[0] for line in kept] == ["Sandrutin", "Saltrutin"]
    first.unpublish()
    sql, _ = queries(client, url)
    assert documents_looked_up(sql) == {salt.pk}
    assert [line.split(" Dokument")[0] for line in texts(client, url, ".search-result")] == [
        "Sandrutin"
    ]
    assert texts(client, url, ".search-result") == full_search()


def test_a_page_published_makes_again_only_its_own_snippet_and_no_other_search_part(client):
    """After a page's publication the site search makes again the snippet of that page
    alone (its new text marked), and neither searches the documents again nor reads the
    editors' promotions, when the page is none of theirs; it shows what a search of
    everything shows."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from tests.test_search import documents_block

    word = "snöskottning"
    document = DocumentFactory(title="Skottningsschema", text="Om snöskottning vid entréer.")
    changed = ContentPageFactory(title="Vinterdrift", intro="Snöskottning sker på morgonen.")
    other = ContentPageFactory(title="Tak", intro="Snöskottning av tak.")
    ContentPageFactory(title="Dokument om vintern", body=documents_block(document))
    SearchPromotion.objects.create(query=Query.get(word), page=other, sort_order=0)
    url = f"/sok/?q={word}"

    full_search = lambda: searched_anew(client, url, ".search-result, .search-promotions")  # noqa: E731

    full_search()
    changed.intro = "Snöskottning sker nu redan klockan fem."
    sql = searched_after_publishing(client, url, changed)
    assert not [q for q in sql if "wagtailsearchpromotions_searchpromotion" in q]
    kept = texts(client, url, ".search-result, .search-promotions")
    assert any("Snöskottning sker nu redan klockan" in line for line in kept)
    assert kept == full_search()
    # The promoted page renamed, then unpublished: the promotion follows at once.
    other.title = "Tak och stuprör"
    other.save_revision().publish()
    promoted = lambda: texts(client, url, ".search-promotions")  # noqa: E731
    assert promoted() == [f"Rekommenderat för ”{word}” Tak och stuprör {other.url}"]
    other.unpublish()
    assert promoted() == []
    other.save_revision().publish()
    assert promoted() == [f"Rekommenderat för ”{word}” Tak och stuprör {other.url}"]


def test_an_agreement_published_makes_again_only_its_own_snippet_and_not_the_documents(client):
    """After an agreement's publication the site search makes again that agreement's
    snippet alone (its new summary marked) and does not search the documents again; a
    document's new text is found at once all the same."""
    from search.models import DocumentText
    from tests.test_search import documents_block

    word = "sandupptagning"
    document = DocumentFactory(title="Sandschema", text="Om sandupptagning i april.")
    ContentPageFactory(title="Våren", body=documents_block(document))
    changed = AgreementFactory(title="Avtal om sandupptagning", summary="Sandupptagning i maj.")
    AgreementFactory(title="Sandupptagning vid entréer", summary="Sandupptagning av grus.")
    url = f"/sok/?q={word}"

    def full_search():
        caching.content_changed(scopes=["agreements"])  # a change not known by id
        return texts(client, url, ".search-result")

    full_search()
    changed.summary = "Sandupptagning sker veckan efter påsk."
    searched_after_publishing(client, url, changed)
    kept = texts(client, url, ".search-result")
    assert any("Sandupptagning sker veckan efter påsk" in line for line in kept)
    assert kept == full_search()
    extracted = DocumentText.objects.get(document=document)  # as text extraction ends
    extracted.text = "Om sandupptagning och sopning i april."
    extracted.save()
    assert any("sopning" in line for line in texts(client, url, ".search-result"))


def test_a_page_indexed_by_the_worker_after_its_publication_is_found_at_once(client, settings):
    """Wagtail indexes a published page, and the documents it links to, in background
    tasks: a search made before the worker has run does not find the page's new words nor
    its new document; the first search after it does, though nothing was published in
    between."""
    from tests.test_search import documents_block
    from tests.test_search_pdf import run_worker

    ContentPageFactory(title="Halkolyckor")
    page = ContentPageFactory(title="Vinterrutiner", intro="Om skor.")
    document = DocumentFactory(title="Statistik", text="Halkolyckor per månad.")
    assert site_titles(client, "halkolyckor") == ["Halkolyckor"]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "dokument"]}
    }
    page.title, page.body = "Vinterrutiner mot halkolyckor", documents_block(document)
    page.save_revision().publish()
    assert site_titles(client, "halkolyckor") == ["Halkolyckor"]  # not indexed yet
    assert run_worker() >= 2
    assert sorted(site_titles(client, "halkolyckor")) == [
        "Halkolyckor",
        "Statistik",
        "Vinterrutiner mot halkolyckor",
    ]


def test_a_draft_of_an_agreement_saved_or_locked_in_the_admin_leaves_every_cached_page(
    admin_client_logged_in, client
):
    """An editor renames a published agreement in a draft, the admin's autosave overwrites
    that draft, and the editor locks it: nothing public changed, so the register, its
    search, the site search and the API are answered from what was kept, showing the
    published title; when the editor publishes, the new title shows everywhere at once."""
    agreement = AgreementFactory(title="Avtal om snöröjning vid vårdcentraler")
    for url in ("/", f"{register().url}?q=snöröjning", "/sok/?q=snöröjning", register().url):
        client.get(url)
    api_titles(client)
    version = caching.content_version()
    edit = f"/admin/snippets/agreements/agreement/edit/{agreement.pk}/"
    data = edit_form_data(agreement, title="Avtal om halkbekämpning vid vårdcentraler")
    response = admin_client_logged_in.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # What the autosave sends while the editor goes on typing: the same draft overwritten.
    draft = Agreement.objects.get(pk=agreement.pk).latest_revision
    data["title"] = renamed = "Avtal om halkbekämpning vid vårdcentraler och apotek"
    response = admin_client_logged_in.post(edit, {**data, "overwrite_revision_id": draft.pk})
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    lock = f"/admin/snippets/agreements/agreement/lock/{agreement.pk}/"
    assert admin_client_logged_in.post(lock).status_code == 302
    agreement.refresh_from_db()
    assert agreement.has_unpublished_changes and agreement.locked
    assert agreement.latest_revision == draft
    assert agreement.latest_revision.content["title"].endswith("och apotek")

    assert caching.content_version() == version
    sql, html = queries(client, f"{register().url}?q=snöröjning")
    assert "Avtal om snöröjning vid vårdcentraler" in html
    assert not any('FROM "agreements_agreement"' in query for query in sql)
    sql, html = queries(client, "/sok/?q=snöröjning")
    assert "Avtal om snöröjning vid vårdcentraler" in html
    assert ranking_queries(sql) == []
    assert "halkbekämpning" not in queries(client, register().url)[1]
    assert api_titles(client) == ["Avtal om snöröjning vid vårdcentraler"]

    response = admin_client_logged_in.post(edit, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert caching.content_version() != version
    assert register_titles(client, "halkbekämpning") == [renamed]
    assert renamed in site_titles(client, "halkbekämpning")
    assert api_titles(client) == [renamed]


def api_rows_read(client, **params):
    """The API's rows for ``params`` and the ids of the agreements whose rows it read."""
    url = f"{register().url}api/"
    with CaptureQueriesContext(connection) as captured:
        rows = client.get(url, params).json()["results"]
    read = [
        q["sql"].split('"agreements_agreement"."id" IN (')[1].split(")")[0]
        for q in captured.captured_queries
        if '"agreements_agreement"."summary"' in q["sql"]
    ]
    return {row["title"]: row["status"]["code"] for row in rows}, {
        int(pk) for ids in read for pk in ids.split(", ")
    }


def test_an_agreement_published_reads_again_only_its_own_api_row_and_the_one_it_replaces(
    client,
):
    """The API's page is kept across agreements' publications: only the rows of the
    agreement published, and of those it replaces now or replaced before, are read again,
    and the page shows at once what changed."""
    kept = AgreementFactory(title="Avtal om halkskydd")
    old = AgreementFactory(title="Avtal om snöröjning")
    rows, read = api_rows_read(client, status="alla")
    assert rows == {"Avtal om halkskydd": "gallande", "Avtal om snöröjning": "gallande"}
    assert read == {kept.pk, old.pk}

    new = AgreementFactory(title="Nytt avtal om snöröjning", replaces=old, valid_from=days(0))
    rows, read = api_rows_read(client, status="alla")
    assert rows["Avtal om snöröjning"] == "ersatt"
    assert rows["Nytt avtal om snöröjning"] == "gallande"
    assert read == {new.pk, old.pk}  # not the agreement nothing touched

    kept.title = "Avtal om halkskydd vid vårdcentraler"
    kept.save_revision().publish()
    rows, read = api_rows_read(client, status="alla")
    assert "Avtal om halkskydd vid vårdcentraler" in rows and read == {kept.pk}

    # The new version no longer replaces the old one: the old one applies again.
    new.replaces = None
    new.whats_new = ""
    new.save_revision().publish()
    rows, read = api_rows_read(client, status="alla")
    assert rows["Avtal om snöröjning"] == "gallande"
    assert read == {new.pk, old.pk}

    NewsPageFactory(parent=news_index(section("Fyrbodal")), title="Snöröjning i Dalsland")
    assert api_rows_read(client, status="alla") == (rows, set())


def test_a_renamed_section_shows_as_the_owner_in_the_api_at_once(client):
    AgreementFactory(title="Avtal om färdtjänst", section=section("Fyrbodal"))
    assert {row["owner"]["name"] for row in api_rows(client, q="färdtjänst")} == {"Fyrbodal"}
    fyrbodal = section("Fyrbodal")
    fyrbodal.short_name = "Fyrbodalsområdet"
    fyrbodal.save_revision().publish()
    owners = {row["owner"]["name"] for row in api_rows(client, q="färdtjänst")}
    assert owners == {"Fyrbodalsområdet"}


def test_an_agreements_status_in_the_api_follows_the_clock(client, time_machine):
    today = timezone.localdate()
    AgreementFactory(slug="slutar-i-kvall", title="Avtal som slutar i kväll", valid_to=today)
    rows = lambda: api_rows(client, status="alla", q="slutar")  # noqa: E731
    assert [row["status"]["code"] for row in rows()] == ["gallande"]
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    assert [row["status"]["code"] for row in rows()] == ["upphort"]


def test_one_agreement_in_the_api_follows_its_documents_and_its_publication(client):
    document = DocumentFactory(title="Bilaga om halka")
    agreement = AgreementFactory(slug="avtal-om-halka", attachments=[document])
    url = f"{register().url}api/avtal-om-halka/"
    assert [d["title"] for d in client.get(url).json()["documents"]] == ["Bilaga om halka"]
    document.title = "Bilaga om halkbekämpning"
    document.save()
    assert [d["title"] for d in client.get(url).json()["documents"]] == ["Bilaga om halkbekämpning"]
    agreement.unpublish()
    assert client.get(url).status_code == 404


# -- routing and view restrictions -----------------------------------------------------------


def test_a_new_address_works_at_once_and_the_old_one_redirects(
    client, django_capture_on_commit_callbacks
):
    page = ContentPageFactory(parent=section("SIMBA"), title="Hjälpmedel", slug="hjalpmedel")
    old_url = page.url
    assert client.get(old_url).status_code == 200
    page.slug = "ny-adress-for-sidan"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail's automatic redirect
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.url.endswith("/ny-adress-for-sidan/")
    assert client.get(page.url).status_code == 200
    response = client.get(old_url)
    assert response.status_code in (301, 302) and response["Location"].endswith(page.url)


def test_a_page_created_live_by_code_is_found_at_once(client):
    simba = section("SIMBA")
    assert client.get(simba.url).status_code == 200
    page = ContentPageFactory.build(title="Skapad av skript", slug="skapad-av-skript")
    simba.add_child(instance=page)
    assert client.get(page.url).status_code == 200
    assert "Skapad av skript" in client.get(simba.url).content.decode()


# -- the site's structure, kept across ordinary publications ------------------------------------


def test_a_published_news_item_shows_at_once_inside_the_cached_menu_and_footer(client):
    fyrbodal = section("Fyrbodal")
    client.get(fyrbodal.url)
    NewsPageFactory(parent=news_index(fyrbodal), title="Nytt arbetssätt för hemsjukvården")
    sql, html = queries(client, fyrbodal.url)
    assert "Nytt arbetssätt för hemsjukvården" in html
    # Neither the menu (the pages shown in menus) nor the footer (the settings) was read.
    assert not any("show_in_menus" in query.partition(" WHERE ")[2] for query in sql)
    assert not any("pages_sitesettings" in query for query in sql)


def test_a_renamed_section_shows_in_the_menu_of_every_page_at_once(client):
    fyrbodal = section("Fyrbodal")
    assert ">Fyrbodal<" in client.get(register().url).content.decode()
    fyrbodal.short_name = "Fyrbodalsområdet"
    fyrbodal.save_revision().publish()
    assert ">Fyrbodalsområdet<" in client.get(register().url).content.decode()


def chart(html):
    """The organisation chart's text on a page."""
    return html.partition('id="org-chart-heading"')[2].partition("</section>")[0]


def test_a_published_news_item_leaves_the_organisation_chart_built(client):
    fyrbodal = section("Fyrbodal")
    GroupPageFactory(parent=fyrbodal, title="Närvårdsgrupp Uddevalla")
    client.get(fyrbodal.url)
    NewsPageFactory(parent=news_index(fyrbodal), title="Nytt om läkemedelsgenomgångar")
    sql, html = queries(client, fyrbodal.url)
    assert "Nytt om läkemedelsgenomgångar" in html
    assert "Närvårdsgrupp Uddevalla" in chart(html)
    assert not any("ROW_NUMBER()" in query for query in sql)  # the chart's query


def test_a_group_published_or_renamed_shows_in_every_organisation_chart_at_once(client):
    fyrbodal, county_level = section("Fyrbodal"), county()
    assert "Vårdsamverkansgrupp Dalsland" not in chart(client.get(fyrbodal.url).content.decode())
    client.get(county_level.url)
    group = GroupPageFactory(parent=fyrbodal, title="Vårdsamverkansgrupp Dalsland")
    assert "Vårdsamverkansgrupp Dalsland" in chart(client.get(fyrbodal.url).content.decode())
    assert "Vårdsamverkansgrupp Dalsland" in chart(client.get(county_level.url).content.decode())
    group.title = "Närvårdssamverkan Dalsland"
    group.save_revision().publish()
    html = chart(client.get(county_level.url).content.decode())
    assert "Närvårdssamverkan Dalsland" in html and "Vårdsamverkansgrupp Dalsland" not in html
    group.unpublish()
    assert "Närvårdssamverkan Dalsland" not in chart(client.get(fyrbodal.url).content.decode())


def test_a_group_restricted_after_the_chart_was_built_leaves_it_at_once(client):
    fyrbodal = section("Fyrbodal")
    group = GroupPageFactory(parent=fyrbodal, title="Intern arbetsgrupp Fyrbodal")
    assert "Intern arbetsgrupp Fyrbodal" in chart(client.get(fyrbodal.url).content.decode())
    PageViewRestriction.objects.create(
        page=group, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    assert "Intern arbetsgrupp Fyrbodal" not in chart(client.get(fyrbodal.url).content.decode())


def test_a_new_document_type_is_offered_by_the_register_filter_at_once(client):
    from agreements.models import DocumentType

    assert "Färdplan" not in client.get(register().url).content.decode()
    DocumentType.objects.create(name="Färdplan", slug="fardplan")
    assert "Färdplan" in client.get(register().url).content.decode()


def test_the_footer_follows_a_renamed_page_it_links_to_deep_in_the_tree(client):
    from wagtail.models import Site

    from pages.models import SiteSettings

    about = ContentPageFactory(parent=home(), title="Om webbplatsen")
    statement = ContentPageFactory(parent=about, title="Tillgänglighet")
    footer = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    footer.accessibility_page = statement
    footer.save()
    assert "Tillgänglighet<" in client.get("/").content.decode()
    statement.title = "Tillgänglighetsredogörelse"
    statement.save_revision().publish()
    assert "Tillgänglighetsredogörelse<" in client.get("/").content.decode()


def test_unknown_addresses_are_404(client):
    for _ in range(2):
        assert client.get("/finns-inte/alls/").status_code == 404
    assert client.get(section("Fyrbodal").url + "finns-inte/").status_code == 404


@pytest.fixture
def restricted():
    """A published page in Fyrbodal and a page below it."""
    parent = ContentPageFactory(parent=section("Fyrbodal"), title="Internt forum")
    child = ContentPageFactory(parent=parent, title="Internt protokoll")
    return parent, child


def test_a_request_after_a_publication_reads_no_view_restriction_and_no_route_it_knows(
    client, restricted
):
    """Outside the restricted parts of the site, Wagtail's check of a page's view
    restrictions reads nothing; a section, or the register's API, is found by the id kept
    for it per structure version. A restriction added, and an alias of the restricted page,
    apply at once all the same."""
    parent, child = restricted
    samla, simba = section("SAMLA"), section("SIMBA")  # made now: new sections are structure
    urls = section("Fyrbodal").url, f"{register().url}api/", child.url
    for url in urls:
        client.get(url)
    caching.content_changed()  # as a news item's publication does
    for url in urls:
        sql, _ = queries(client, url)
        restrictions = 'SELECT "wagtailcore_pageviewrestriction"', '"alias_of_id" FROM'
        assert not [q for q in sql if q.startswith(restrictions[0]) or restrictions[1] in q]
        if url != child.url:  # the child's own page is looked up, below its section
            assert not any('"url_path" IN (' in q or '"slug" = ' in q for q in sql), url
    alias = parent.create_alias(parent=samla, update_slug="forum-alias")
    assert client.get(alias.url).status_code == 200
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    assert client.get(samla.url).status_code == 200  # what may be restricted, read again
    later = parent.create_alias(parent=simba, update_slug="forum-alias")
    for url in (parent.url, child.url, alias.url, later.url):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_restriction_added_to_a_cached_page_applies_at_once(client, restricted):
    parent, child = restricted
    for page in (parent, child):
        assert client.get(page.url).status_code == 200  # everything is cached now
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    for page in (parent, child):
        response = client.get(page.url)
        assert response.status_code == 302 and "/login/" in response["Location"], page.title
        assert "Internt" not in response.content.decode()


def test_an_alias_of_a_restricted_page_is_restricted_too(client, restricted):
    parent, _ = restricted
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    alias = parent.create_alias(parent=section("SAMLA"), update_slug="forum-alias")
    assert alias.live
    response = client.get(alias.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_restricted_page_is_not_listed_on_its_section(client, restricted):
    parent, _ = restricted
    assert "Internt forum" in client.get(section("Fyrbodal").url).content.decode()
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    assert "Internt forum" not in client.get(section("Fyrbodal").url).content.decode()


# -- gunicorn's master ----------------------------------------------------------------------------


@pytest.mark.slow
def test_loading_the_wsgi_application_opens_no_connection():
    """gunicorn loads the application once and forks its workers from it (preload_app):
    a database or Redis connection opened while loading would be shared by every worker."""
    script = (
        "import vardsamverkan.wsgi\n"
        "from django.core.cache import caches\n"
        "from django.db import connections\n"
        "assert all(c.connection is None for c in connections.all()), 'database'\n"
        "assert not list(caches.all(initialized_only=True)), 'cache'\n"
        "print('ok')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production",
        "SECRET_KEY": "test-" + "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_a_section_lists_its_own_pages_and_groups(client):
    skaraborg = section("Skaraborg")
    ContentPageFactory(parent=skaraborg, title="Närvårdsområden i Skaraborg")
    GroupPageFactory(parent=skaraborg, title="Ledningsgrupp Skaraborg")
    GroupPageFactory(parent=section("Fyrbodal"), title="Ledningsgrupp Fyrbodal")
    html = client.get(skaraborg.url).content.decode()
    assert "Närvårdsområden i Skaraborg" in html and "Ledningsgrupp Skaraborg" in html
    assert "Ledningsgrupp Fyrbodal" not in html
