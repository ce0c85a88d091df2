"""The site search: one ranked list of published pages, agreements and documents.

Each kind is searched with Wagtail's search within what a visitor may see, and the hits
are merged by score:

* pages: live and not behind a view restriction;
* agreements: published, ranked by ``agreements.search`` (in force first; a replaced one
  brings its successor). Their index holds their attachments' text, so a word inside an
  agreement's PDF leads to the agreement, whose page says whether the document applies;
* documents that a public page links to and no published agreement attaches, outside
  restricted collections, shown with that page; a page's documents collapse into one line.

When nothing has every word, any of them is tried, then trigram similarity. ``find`` keeps
every hit without its snippet per meaning of the query; ``add_snippets`` marks up the
snippets of the visible page with PostgreSQL's ``ts_headline``.
"""

import os
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
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
from core.fulltext import PREFIX_MIN_LENGTH, backend_search
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
TYPE_LABELS = {code: label for code, label, _ in TYPE_CHOICES}
PAGE_KINDS = {"pages.newspage": "nyhet", "pages.statusreportpage": "lagesrapport"}
MAX_HITS = 100  # per kind of content (five result pages of each); more is never read
SNIPPET_SOURCE_LENGTH = 20_000
MARKS = ("\u27ea", "\u27eb")  # what ts_headline puts around a match, before escaping


@dataclass
class Result:
    """One result line, as kept in the cache (the snippet is added for the visible page)."""

    kind: str
    title: str
    url: str
    score: float
    index_key: tuple  # (content type id, object id) of its text in Wagtail's search index
    section: str = ""
    details: list = field(default_factory=list)
    history: bool = False  # an agreement that no longer applies
    successor: dict | None = None  # {"title", "url"} of the agreement that replaced it
    used_on: dict | None = None  # {"title", "url"} of the page that links to a document
    more: int = 0  # further documents of the same page, collapsed into this line
    more_minutes: bool = False  # ... and all of them minutes
    snippet: str = ""

    @property
    def type_label(self):
        return TYPE_LABELS[self.kind]


def public_pages():
    """Live pages below the root that are not behind a view restriction."""
    return Page.objects.live().public().filter(depth__gt=1)


def public_documents(pages):
    """Texts of documents linked from ``pages`` and attached to no published agreement,
    outside restricted collections, with the first page that links to each (``used_on_id``).
    Wagtail's search only filters on the primary key here, hence ``pk__in``."""
    uses = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.values(text_id=Cast("id", CharField())),
    )
    attached = AgreementAttachment.objects.filter(agreement__live=True).values("document_id")
    restricted = CollectionViewRestriction.objects.annotate(  # covers the collections below
        target=ExpressionWrapper(OuterRef("document__collection__path"), output_field=CharField())
    ).filter(target__startswith=F("collection__path"))
    first_use = uses.filter(to_object_id=Cast(OuterRef("pk"), CharField())).order_by("object_id")
    return (
        DocumentText.objects.filter(pk__in=uses.values(d=Cast("to_object_id", IntegerField())))
        .exclude(Q(pk__in=attached) | Q(pk__in=DocumentText.objects.filter(Exists(restricted))))
        .annotate(used_on_id=Cast(Subquery(first_use.values("object_id")[:1]), IntegerField()))
        .select_related("document")
        .defer("text")
    )


def find(parsed):
    """``(results, mode)``: every ``Result``, best first; ``mode`` says what matched ("exact",
    "some" of the words, "similar" words). Kept in the shared cache per meaning
    of the query ("SIP", "sip" and "om SIP" share one) until content changes."""
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    compute = lambda: SiteSearch().run(parsed)  # noqa: E731
    return cached("search-hits", compute, FORMAT, parsed.key, local=False, timeout=timeout)


class SiteSearch:
    def __init__(self):
        sections = cached(
            "search-sections",
            lambda: list(SectionPage.objects.live().only("path", "short_name", "depth")),
        )
        self.section_by_path = {s.path: s.short_name for s in sections}
        self.section_by_id = {s.id: s.short_name for s in sections}
        self.register = AgreementIndexPage.for_request(None)
        self.pages = public_pages()

    def run(self, parsed):
        """All the words; failing that any of them; failing that similar words."""
        for mode, query in (
            ("exact", parsed.query()),
            ("some", parsed.any()),
            ("similar", parsed.fuzzy()),
        ):
            if query is not None and (results := self.ranked(query)):
                return collapse(results), mode
        return [], "exact"

    def ranked(self, query):
        """Every kind for ``query``, merged by score."""
        pages = backend_search(self.pages.annotate(news_date=F("newspage__date")), query, MAX_HITS)
        documents = backend_search(public_documents(self.pages), query, MAX_HITS)
        used_on = Page.objects.in_bulk({text.used_on_id for text, _ in documents})
        results = [self.page_result(page, score) for page, score in pages]
        results += [
            self.document_result(text, score, used_on[text.used_on_id])
            for text, score in documents
            if text.used_on_id in used_on
        ]
        if self.register:  # in their own order (scores never rise down it), ties first
            results[:0] = [
                self.agreement_result(a, s) for a, s in search_agreements(query, MAX_HITS)
            ]
        return sorted((r for r in results if r.url), key=lambda result: -result.score)

    def section_of(self, path):
        return self.section_by_path.get(path[: 3 * SectionPage.steplen], "")

    def page_result(self, page, score):
        content_type = page.cached_content_type
        kind = PAGE_KINDS.get(f"{content_type.app_label}.{content_type.model}", "sida")
        date = [date_format(page.news_date, "j F Y")] if kind == "nyhet" and page.news_date else []
        key = (content_type.id, str(page.pk))
        return Result(
            kind, page.title, page.get_url(), score, key, self.section_of(page.path), date
        )

    def agreement_result(self, agreement, score):
        status = agreement.status.label + (", under revidering" if agreement.under_revision else "")
        successor = agreement.successor
        return Result(
            "avtal",
            agreement.title,
            self.register.agreement_url(agreement),
            score,
            (ContentType.objects.get_for_model(Agreement).id, str(agreement.pk)),
            self.section_by_id.get(agreement.section_id, ""),
            [agreement.document_type.name, status, agreement.validity_text],
            history=agreement.status in (Status.EXPIRED, Status.REPLACED),
            successor=successor
            and {"title": successor.title, "url": self.register.agreement_url(successor)},
        )

    def document_result(self, text, score, page):
        extension = os.path.splitext(text.document.file.name)[1][1:].upper()
        size = text.document.file_size
        details = [extension] * bool(extension) + [file_size(size)] * bool(size)
        key = (ContentType.objects.get_for_model(DocumentText).id, str(text.pk))
        result = Result("dokument", text.title, text.document.url, score, key, details=details)
        result.section = self.section_of(page.path)
        result.used_on = {"title": page.title, "url": page.get_url()} if page.get_url() else None
        return result


def collapse(results):
    """One line for the documents of one page: the best of them, counting the rest."""
    first, kept = {}, []
    for result in results:
        page = result.used_on and result.used_on["url"]
        if page and page in first:
            first[page].more += 1
            first[page].more_minutes &= result.title.casefold().startswith("protokoll")
            continue
        if page:
            first[page] = result
            result.more_minutes = True
        kept.append(result)
    return kept


def file_size(size):
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def add_snippets(results, parsed):
    """Fill in the marked snippets of ``results`` (the visible page) from the text Wagtail's
    search indexed for each: one query, kept beside the hit list."""
    keys = [result.index_key for result in results]
    compute = lambda: headlines(keys, parsed)  # noqa: E731
    names = (f"{content_type}.{object_id}" for content_type, object_id in keys)
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    snippets = cached(
        "search-snippets", compute, FORMAT, parsed.key, *names, local=False, timeout=timeout
    )
    for result, snippet in zip(results, snippets, strict=True):
        marked = escape(snippet).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>")
        result.snippet = mark_safe(marked)  # noqa: S308 (escaped above)
    return results


def headlines(keys, parsed):
    """PostgreSQL's ``ts_headline`` of each indexed text, the query's words marked."""
    if not keys:
        return []
    config = get_search_backend().config
    lexeme = lambda word: f"'{word}'" + (":*" if len(word) >= PREFIX_MIN_LENGTH else "")  # noqa: E731
    tsquery = " | ".join(" <-> ".join(map(lexeme, form)) for form in parsed.forms)
    condition = Q(pk__in=[])
    for content_type_id, object_id in set(keys):
        condition |= Q(content_type_id=content_type_id, object_id=object_id)
    rows = (
        IndexEntry.objects.filter(condition)
        .annotate(
            snippet=SearchHeadline(
                Substr("body_text", 1, SNIPPET_SOURCE_LENGTH),
                SearchQuery(tsquery, search_type="raw", config=config),
                config=config,
                start_sel=MARKS[0],
                stop_sel=MARKS[1],
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("content_type_id", "object_id", "snippet")
    )
    texts = {(content_type_id, object_id): text for content_type_id, object_id, text in rows}
    return [texts.get(key, "") for key in keys]
