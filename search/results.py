"""The site search: one ranked list of published pages, agreements and documents.

Each kind of content is searched with Wagtail's search (``core.fulltext.backend_search``)
within what a visitor may see, and the hits are merged by score into one list:

* pages: live and not behind a view restriction;
* agreements: published, whatever their status (an expired agreement stays findable and
  says so, ranked lower);
* documents that published content uses (attached to a published agreement or linked
  from a public page) outside restricted collections. A hit in an agreement's attachment
  is shown as the agreement ("Träff i dokumentet …"), because its page says whether the
  document still applies; other documents are shown with the page that uses them.

When nothing matches, trigram similarity (``core.fulltext.fuzzy_query``) is tried.

``find`` returns every hit as a ``Result`` without its snippet, kept per normalised query;
``add_snippets`` marks up the snippets of the visible page only.
"""

import os
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from agreements.models import Agreement, AgreementAttachment, AgreementIndexPage, Status
from core import fulltext
from core.caching import cached
from pages.models import SectionPage

from .models import DocumentText
from .related import attachment_hits
from .snippets import Highlighter

# Part of the key of cached hit lists: raise it when a Result changes shape, so that a new
# release never reads lists written by the one before it.
FORMAT = 2

# (code in URLs, label of one hit, label of the filter)
TYPE_CHOICES = [
    ("sida", "Sida", "Sidor"),
    ("avtal", "Avtal/överenskommelse", "Avtal och överenskommelser"),
    ("dokument", "Dokument", "Dokument"),
    ("nyhet", "Nyhet", "Nyheter"),
    ("lagesrapport", "Lägesrapport", "Lägesrapporter"),
]
TYPE_LABELS = {code: label for code, label, _ in TYPE_CHOICES}
# Page types with a type of their own in the result list; every other page is a "Sida".
# Named as strings so this app does not depend on which page types exist.
PAGE_KINDS = {"pages.newspage": "nyhet", "pages.statusreportpage": "lagesrapport"}
MAX_HITS = 100  # per kind of content (five result pages of each); more is never read
# Agreements that no longer apply stay findable (transparency) but rank below those in force.
NOT_IN_FORCE_WEIGHT = 0.5
SNIPPET_SOURCE_LENGTH = 60_000


@dataclass
class Result:
    """One hit, as kept in the cache: everything a result line shows (the snippet is added
    for the visible page only)."""

    kind: str
    title: str
    url: str
    score: float
    index_key: tuple  # (content type id, object id) of the text in Wagtail's search index
    section: str = ""  # short name
    details: list = field(default_factory=list)
    via: str = ""
    used_on: dict | None = None
    fallback: str = ""  # shown when the indexed text has no match to mark
    snippet: str = ""

    @property
    def type_label(self):
        return TYPE_LABELS[self.kind]


# -- what visitors may see ------------------------------------------------------------------


def public_pages():
    """Live pages below the root that are not behind a view restriction."""
    return Page.objects.live().public().filter(depth__gt=1)


def public_documents(pages):
    """Texts of documents that published content uses (``pages``: the public pages),
    outside restricted collections, with the first public page that links to each
    (``used_on_id``) and whether one is attached to a published agreement (``attached``).
    Wagtail's search only accepts filters on the primary key here, hence ``pk__in``."""
    uses = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.values(text_id=Cast("id", CharField())),
    )
    attached = AgreementAttachment.objects.filter(agreement__live=True)
    # A restriction on a collection covers the collections below it.
    restricted = CollectionViewRestriction.objects.annotate(
        target_path=ExpressionWrapper(
            OuterRef("document__collection__path"), output_field=CharField()
        )
    ).filter(target_path__startswith=F("collection__path"))
    first_use = uses.filter(to_object_id=Cast(OuterRef("pk"), CharField())).order_by("object_id")
    return (
        DocumentText.objects.filter(
            Q(pk__in=attached.values("document_id"))
            | Q(pk__in=uses.values(document_id=Cast("to_object_id", IntegerField())))
        )
        .exclude(pk__in=DocumentText.objects.filter(Exists(restricted)).values("pk"))
        .annotate(
            used_on_id=Cast(Subquery(first_use.values("object_id")[:1]), IntegerField()),
            attached=Exists(attached.filter(document_id=OuterRef("pk"))),
        )
        .select_related("document")
        .defer("text")  # shown from the search index, never read here
    )


def published_agreements():
    """Published agreements, with only what a result line shows (not the web version)."""
    return (
        Agreement.objects.filter(live=True)
        .with_status()
        .select_related("document_type")
        .only(
            "title",
            "slug",
            "section_id",
            "under_revision",
            "valid_from",
            "valid_to",
            "document_type__name",
        )
    )


def sections():
    """Live sections, kept until content changes (a result shows its section's name)."""
    return cached(
        "search-sections",
        lambda: list(SectionPage.objects.live().only("id", "path", "short_name", "depth")),
    )


# -- every hit, ranked ----------------------------------------------------------------------


def find(parsed):
    """``(results, mode)`` for ``parsed``: every ``Result``, best first; ``mode`` is
    "exact", or "similar" when nothing matched and trigram similarity found these instead.

    Kept per normalised query for SEARCH_RESULTS_CACHE_SECONDS, because most searches are
    for a few popular queries: the key is the query as the search understands it (words
    after synonyms and stop words), so "SIP", "sip" and "om SIP" share one entry, and the
    content version in it makes any publication show on the very next search. Only in the
    shared cache (``local=False``): what visitors type has no bound, and entries expire."""
    key = repr([(term.typed, term.forms) for term in parsed.terms])
    return cached(
        "search-hits",
        lambda: SiteSearch().run(parsed),
        FORMAT,
        key,
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )


class SiteSearch:
    """Runs one visitor query over everything (``run``)."""

    def __init__(self):
        all_sections = sections()
        self.section_by_path = {section.path: section.short_name for section in all_sections}
        self.section_by_id = {section.id: section.short_name for section in all_sections}
        self.register = AgreementIndexPage.for_request(None)
        self.pages = public_pages()

    def run(self, parsed):
        mode, results = "exact", self.ranked(parsed.query())
        if not results:
            fuzzy = fulltext.fuzzy_query(parsed)
            results = self.ranked(fuzzy) if fuzzy else []
            mode = "similar" if results else "exact"
        results.sort(key=lambda result: (-result.score, result.title))
        return results, mode

    def ranked(self, query):
        """The results of every kind for ``query`` (a full-text or a ``Fuzzy`` query)."""
        found_pages = fulltext.backend_search(
            self.pages.annotate(news_date=F("newspage__date")), query, MAX_HITS
        )
        documents = fulltext.backend_search(public_documents(self.pages), query, MAX_HITS)
        results = [self.page_result(page, score) for page, score in found_pages]
        if self.register is not None:
            agreements = fulltext.merge(
                fulltext.backend_search(published_agreements(), query, MAX_HITS),
                attachment_hits(
                    published_agreements(),
                    [(text, score) for text, score in documents if text.attached],
                ),
                MAX_HITS,
            )
            results += [self.agreement_result(hit) for hit in agreements]
        unattached = [(text, score) for text, score in documents if not text.attached]
        used_on = Page.objects.in_bulk({text.used_on_id for text, _ in unattached})
        results += [
            self.document_result(text, score, used_on[text.used_on_id])
            for text, score in unattached
            if text.used_on_id in used_on
        ]
        return [result for result in results if result.url]

    def section_for_path(self, path):
        return self.section_by_path.get(path[: 3 * SectionPage.steplen], "")

    def page_result(self, page, score):
        content_type = page.cached_content_type
        kind = PAGE_KINDS.get(f"{content_type.app_label}.{content_type.model}", "sida")
        news_date = page.news_date if kind == "nyhet" else None
        return Result(
            kind=kind,
            title=page.title,
            url=page.get_url(),  # None for pages outside every site: left out
            score=score,
            index_key=(content_type.id, str(page.pk)),
            section=self.section_for_path(page.path),
            details=[date_format(news_date, "j F Y")] if news_date else [],
            fallback=page.search_description,
        )

    def agreement_result(self, hit):
        agreement = hit.obj
        score = hit.score
        if agreement.status in (Status.EXPIRED, Status.REPLACED):
            score *= NOT_IN_FORCE_WEIGHT
        status = agreement.status.label + (", under revidering" if agreement.under_revision else "")
        index_key = (ContentType.objects.get_for_model(Agreement).id, str(hit.pk))
        via = ""
        if hit.via:
            source = hit.via[0].source
            also = "även " if hit.matched_self else ""
            via = f"Träff {also}i dokumentet ”{source['title']}”"
            if not hit.matched_self:  # the snippet comes from the document
                index_key = (
                    ContentType.objects.get_for_model(DocumentText).id,
                    str(source["document_id"]),
                )
        return Result(
            kind="avtal",
            title=agreement.title,
            url=self.register.agreement_url(agreement),
            score=score,
            index_key=index_key,
            section=self.section_by_id.get(agreement.section_id, ""),
            details=[agreement.document_type.name, status],
            via=via,
        )

    def document_result(self, text, score, page):
        document = text.document
        extension = os.path.splitext(document.file.name)[1][1:].upper()
        details = [extension] if extension else []
        if document.file_size:
            details.append(file_size(document.file_size))
        page_url = page.get_url()
        return Result(
            kind="dokument",
            title=text.title,
            url=document.url,
            score=score,
            index_key=(ContentType.objects.get_for_model(DocumentText).id, str(text.pk)),
            section=self.section_for_path(page.path),
            details=details,
            used_on={"title": page.title, "url": page_url} if page_url else None,
        )


def file_size(size):
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


# -- the visible page -----------------------------------------------------------------------


def add_snippets(results, parsed):
    """Fill in the marked-up snippet of each of ``results`` (the visible page), from the
    plain text Wagtail's search indexed for it: one query, none when the page was shown
    within SEARCH_RESULTS_CACHE_SECONDS. The key is what the snippets depend on: the
    query's word forms and the hits (with the content version, so an edited text shows on
    the very next search)."""
    if not results:
        return results
    keys = [result.index_key for result in results]
    snippets = cached(
        "search-snippets",
        lambda: marked_snippets(results, parsed),
        FORMAT,
        repr(parsed.forms),
        *(f"{content_type}.{object_id}" for content_type, object_id in keys),
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )
    for result, snippet in zip(results, snippets, strict=True):
        result.snippet = snippet
    return results


def marked_snippets(results, parsed):
    condition = Q(pk__in=[])
    for content_type_id, object_id in {result.index_key for result in results}:
        condition |= Q(content_type_id=content_type_id, object_id=object_id)
    texts = {
        (content_type_id, object_id): text
        for content_type_id, object_id, text in IndexEntry.objects.filter(condition)
        .annotate(text=Substr("body_text", 1, SNIPPET_SOURCE_LENGTH))
        .values_list("content_type_id", "object_id", "text")
    }
    highlighter = Highlighter(parsed.forms)
    return [
        highlighter.snippet(texts.get(result.index_key, ""), result.fallback) for result in results
    ]
