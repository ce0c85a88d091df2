"""The site search: one list of pages, agreements and documents, merged by score.

Each kind is searched with Wagtail's search within what a visitor may see: live pages
outside view restrictions; published agreements, ranked by ``agreements.search`` (in force
first; their index holds their attachments' text, so a word in a PDF leads to the agreement);
documents a public page links to that no published agreement attaches, outside restricted
collections, a page's documents collapsed into one line. ``find`` keeps every hit per meaning
of the query; ``add_snippets`` marks the visible page's snippets with ``ts_headline``.
"""

import os
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Substr
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from agreements.models import Agreement, AgreementAttachment, AgreementIndexPage, Status
from agreements.search import search_agreements
from core.caching import cached
from core.fulltext import backend_search
from core.fulltext.query import PREFIX_MIN_LENGTH
from pages.models import SectionPage

from .models import DocumentText

FORMAT = 3  # part of the cache keys: raise it when a Result changes shape
TYPE_CHOICES = [  # (code in URLs, label of one hit, label of the filter)
    ("sida", "Sida", "Sidor"),
    ("avtal", "Avtal/överenskommelse", "Avtal och överenskommelser"),
    ("dokument", "Dokument", "Dokument"),
    ("nyhet", "Nyhet", "Nyheter"),
    ("lagesrapport", "Lägesrapport", "Lägesrapporter"),
]
PAGE_KINDS = {"pages.newspage": "nyhet", "pages.statusreportpage": "lagesrapport"}
MAX_HITS = 100  # per kind of content (five result pages of each)
MARKS = ("\u27ea", "\u27eb")  # around a match in ts_headline's output, until escaped


@dataclass
class Result:
    """One result line as kept in the cache (the snippet is added for the visible page)."""

    kind: str
    title: str
    url: str
    score: float
    index_key: tuple  # (content type id, object id) of its text in Wagtail's search index
    section: str = ""
    details: tuple = ()
    history: bool = False  # an agreement that no longer applies
    successor: dict | None = None  # the agreement that replaced it: {"title", "url"}
    used_on: dict | None = None  # the page that links to a document: {"title", "url"}
    more: int = 0  # further documents of that page collapsed into this line
    more_minutes: bool = True  # ... all of them minutes
    snippet: str = ""

    @property
    def type_label(self):
        return next(label for code, label, _ in TYPE_CHOICES if code == self.kind)


def public_pages():
    return Page.objects.live().public().filter(depth__gt=1)


def public_documents(pages):
    """Texts of documents linked from ``pages``, attached to no published agreement and not
    in a restricted collection (or below one), with the first page using each."""
    uses = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.values(text_id=Cast("id", CharField())),
    )
    attached = AgreementAttachment.objects.filter(agreement__live=True).values("document_id")
    path = Cast(OuterRef("document__collection__path"), CharField())
    restricted = CollectionViewRestriction.objects.annotate(target=path)
    restricted = restricted.filter(target__startswith=F("collection__path"))
    first_use = uses.filter(to_object_id=Cast(OuterRef("pk"), CharField())).order_by("object_id")
    return (
        DocumentText.objects.filter(pk__in=uses.values(d=Cast("to_object_id", IntegerField())))
        .exclude(Q(pk__in=attached) | Q(pk__in=DocumentText.objects.filter(Exists(restricted))))
        .annotate(used_on_id=Cast(Subquery(first_use.values("object_id")[:1]), IntegerField()))
        .select_related("document")
        .defer("text")
    )


def find(parsed):
    """``(results, mode)``, best first; ``mode`` says what matched: "exact", "some" of the
    words or "similar" words. Kept in the shared cache until content changes."""
    compute, timeout = lambda: SiteSearch().run(parsed), settings.SEARCH_RESULTS_CACHE_SECONDS
    return cached("search-hits", compute, FORMAT, parsed.key, local=False, timeout=timeout)


class SiteSearch:
    def __init__(self):
        live = SectionPage.objects.live().only("path", "short_name", "depth")
        sections = cached("search-sections", lambda: list(live))
        self.section_by_path = {s.path: s.short_name for s in sections}
        self.section_by_id = {s.id: s.short_name for s in sections}
        self.register = AgreementIndexPage.for_request(None)
        self.pages = public_pages()

    def run(self, parsed):
        queries = ("exact", parsed.query()), ("some", parsed.any()), ("similar", parsed.fuzzy())
        for mode, query in queries:
            if query is not None and (results := self.ranked(query)):
                return collapse(results), mode
        return [], "exact"

    def ranked(self, query):
        pages = backend_search(self.pages.annotate(news_date=F("newspage__date")), query, MAX_HITS)
        documents = backend_search(public_documents(self.pages), query, MAX_HITS)
        used_on = Page.objects.in_bulk({text.used_on_id for text, _ in documents})
        agreements = search_agreements(query, MAX_HITS) if self.register else []
        results = [self.agreement_result(agreement, score) for agreement, score in agreements]
        results += [self.page_result(page, score) for page, score in pages]
        results += [self.document_result(t, s, used_on.get(t.used_on_id)) for t, s in documents]
        # Stable: agreements, whose scores never rise down their list, keep their order in ties.
        return sorted((r for r in results if r.url), key=lambda result: -result.score)

    def section_of(self, path):
        return self.section_by_path.get(path[: 3 * SectionPage.steplen], "")

    def page_result(self, page, score):
        content_type = page.cached_content_type
        kind = PAGE_KINDS.get(f"{content_type.app_label}.{content_type.model}", "sida")
        date = (date_format(page.news_date, "j F Y"),) if kind == "nyhet" and page.news_date else ()
        key = (content_type.id, str(page.pk))
        return Result(
            kind, page.title, page.get_url(), score, key, self.section_of(page.path), date
        )

    def agreement_result(self, agreement, score):
        status = agreement.status.label + (", under revidering" if agreement.under_revision else "")
        details = (agreement.document_type.name, status, agreement.validity_text)
        key = (ContentType.objects.get_for_model(Agreement).id, str(agreement.pk))
        url, new = self.register.agreement_url, agreement.successor
        result = Result("avtal", agreement.title, url(agreement), score, key, details=details)
        result.section = self.section_by_id.get(agreement.section_id, "")
        result.history = agreement.status in (Status.EXPIRED, Status.REPLACED)
        result.successor = new and {"title": new.title, "url": url(new)}
        return result

    def document_result(self, text, score, page):
        if page is None:  # no longer linked from a public page: left out
            return Result("dokument", text.title, "", score, ())
        extension = os.path.splitext(text.document.file.name)[1][1:].upper()
        details = (extension, file_size(text.document.file_size or 0))
        key = (ContentType.objects.get_for_model(DocumentText).id, str(text.pk))
        result = Result("dokument", text.title, text.document.url, score, key, details=details)
        result.section = self.section_of(page.path)
        result.used_on = {"title": page.title, "url": page.get_url()} if page.get_url() else None
        return result


def collapse(results):
    """One line for a page's documents: the best of them, counting the rest."""
    first, kept = {}, []
    for result in results:
        if (page := result.used_on and result.used_on["url"]) in first:
            first[page].more += 1
            first[page].more_minutes &= result.title.casefold().startswith("protokoll")
            continue
        first.update({page: result} if page else {})
        kept.append(result)
    return kept


def file_size(size):
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def add_snippets(results, parsed):
    """The visible page's snippets, words marked: one query, kept beside the hit list."""
    keys, timeout = [result.index_key for result in results], settings.SEARCH_RESULTS_CACHE_SECONDS
    key = [FORMAT, parsed.key] + [f"{content_type}.{pk}" for content_type, pk in keys]
    compute = lambda: headlines(keys, parsed)  # noqa: E731
    snippets = cached("search-snippets", compute, *key, local=False, timeout=timeout)
    for result, snippet in zip(results, snippets, strict=True):
        marked = escape(snippet).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>")
        result.snippet = mark_safe(marked)  # noqa: S308 (escaped above)
    return results


def headlines(keys, parsed):
    """PostgreSQL's ``ts_headline`` of each text, the query's words and phrases marked."""
    config, condition = get_search_backend().config, Q(pk__in=[])
    for content_type_id, object_id in keys:
        condition |= Q(content_type_id=content_type_id, object_id=object_id)
    lexeme = lambda word: f"'{word}'" + ":*" * (len(word) >= PREFIX_MIN_LENGTH)  # noqa: E731
    tsquery = " | ".join(" <-> ".join(map(lexeme, form)) for form in parsed.forms)
    headline = SearchHeadline(
        Substr("body_text", 1, 20_000),  # ts_headline reads all it is given
        SearchQuery(tsquery, search_type="raw", config=config),
        config=config,
        start_sel=MARKS[0],
        stop_sel=MARKS[1],
        max_words=40,
        min_words=20,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    rows = IndexEntry.objects.filter(condition).annotate(text=headline)
    rows = rows.values_list("content_type_id", "object_id", "text")
    texts = {(content_type_id, object_id): text for content_type_id, object_id, text in rows}
    return [texts.get(key, "") for key in keys]
