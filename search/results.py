"""The site search: one ranked list of published pages, agreements and documents.

Every kind of content is searched with the same parsed query (``core.fulltext``) and the
hits are merged by score into one list. What a visitor may see decides what is searched,
in SQL, never after the fact:

* pages: live, not behind a view restriction, below the root;
* agreements: published (live), whatever their status (transparency: an expired agreement
  stays findable and says so);
* documents: only documents that published content uses — attached to a published
  agreement or linked from a public page — and not in a restricted collection. A document
  uploaded for a draft is not listed until the draft is published. A hit in an
  agreement's attachment is shown as the agreement (its page says whether the document
  still applies); other documents are shown as documents with the page that uses them.

A search runs in two steps, because a visitor sees twenty results but the counts per type
and the order need them all:

1. ``find`` ranks everything and returns the whole list of ``Hit``s: kind, title, score and
   the few columns a result line needs, nothing that depends on the request. On PostgreSQL
   one statement ranks all kinds on the search index itself (``search.ranking``), within
   the public ids of ``catalogue()``; elsewhere (the SQLite demo) Wagtail's backend searches
   each kind. The list is kept per normalised query for a few minutes
   (``find``), so a popular query is answered without searching again.
2. ``decorate`` turns only the visible page of hits into ``Result``s: URLs, section,
   snippet (one query for all snippets of the page).

The number of queries does not grow with the number of hits.
"""

import os
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
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
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.documents import get_document_model
from wagtail.models import (
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from agreements.models import Agreement, AgreementAttachment, AgreementIndexPage, Status
from core import fulltext
from core.caching import cached
from pages.models import SectionPage

from . import ranking
from .models import DocumentText
from .related import ATTACHMENT_WEIGHT, attached_document_ids, attachment_hits
from .snippets import Highlighter

# Part of the key of cached hit lists: raise it when a Hit changes shape, so that a new
# release never reads lists written by the one before it.
FORMAT = 1

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


class Hit(NamedTuple):
    """One entry of the ranked list, as cached: everything a result line needs except what
    depends on the request (URLs) or only matters for the visible page (snippet).

    ``data`` by kind — pages: ``(page id, url_path, path, search_description, news date)``;
    agreements: ``(slug, section id, details, via)``; documents: ``(document id, file name,
    file size, used_on)`` with ``used_on`` ``(page id, title, path, url_path)``.
    """

    kind: str
    title: str
    score: float
    index_key: tuple  # (content type id, object id) of the text in the search index
    data: tuple


@dataclass
class Result:
    """One line of the visible result page."""

    kind: str
    title: str
    url: str
    index_key: tuple
    section: object = None
    details: list = field(default_factory=list)
    via: str = ""
    used_on: dict | None = None
    fallback: str = ""
    snippet: str = ""

    @property
    def type_label(self):
        return TYPE_LABELS[self.kind]


# -- what visitors may see ------------------------------------------------------------------


def public_pages():
    """Live pages that are not behind a view restriction (theirs or an ancestor's), as one
    subquery rather than Wagtail's ``.public()``, which loads every restriction first."""
    restricted = PageViewRestriction.objects.annotate(
        target_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(target_path__startswith=F("page__path"))
    private = Page.objects.filter(Exists(restricted)).values("id")
    return Page.objects.live().filter(depth__gt=1).exclude(id__in=private)


def public_documents(with_page=True):
    """Documents that published content uses, outside restricted collections, with the id
    of the first public page that links to each (``used_on_id``) and, unless
    ``with_page`` is false, that page's title, path and url_path."""
    document_type = ContentType.objects.get_for_model(get_document_model())
    page_type = ContentType.objects.get_for_model(Page)
    public_page_ids = public_pages().annotate(text_id=Cast("id", CharField())).values("text_id")
    uses = ReferenceIndex.objects.filter(
        to_content_type=document_type, base_content_type=page_type, object_id__in=public_page_ids
    )
    used_ids = uses.annotate(document_id=Cast("to_object_id", IntegerField())).values("document_id")
    attached = attached_document_ids(Agreement.objects.filter(live=True))
    restricted = CollectionViewRestriction.objects.annotate(
        target_path=ExpressionWrapper(
            OuterRef("document__collection__path"), output_field=CharField()
        )
    ).filter(target_path__startswith=F("collection__path"))
    hidden = DocumentText.objects.filter(Exists(restricted)).values("pk")
    first_use = uses.filter(to_object_id=Cast(OuterRef("pk"), CharField())).order_by("object_id")
    used_on = Cast(Subquery(first_use.values("object_id")[:1]), IntegerField())
    documents = (
        DocumentText.objects.filter(Q(pk__in=attached) | Q(pk__in=used_ids))
        .exclude(pk__in=hidden)
        .annotate(used_on_id=used_on, attached=Exists(attached.filter(document_id=OuterRef("pk"))))
        .select_related("document")
        .only("pk", "title", "document__file", "document__file_size", "document__title")
    )
    if not with_page:
        return documents
    page = Page.objects.filter(id=OuterRef("used_on_id"))
    return documents.annotate(
        used_on_title=Subquery(page.values("title")[:1]),
        used_on_path=Subquery(page.values("path")[:1]),
        used_on_url_path=Subquery(page.values("url_path")[:1]),
    )


def published_agreements():
    return (
        Agreement.objects.filter(live=True)
        .with_status()
        .select_related("document_type")
        .only(
            "id",
            "title",
            "slug",
            "section_id",
            "document_type__name",
            "under_revision",
            "valid_from",
            "valid_to",
        )
    )


def searchable_pages():
    return (
        public_pages()
        .select_related("newspage")
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "content_type_id",
            "search_description",
            "newspage__date",
        )
    )


@dataclass(frozen=True)
class Catalogue:
    """What visitors may see, computed in SQL by the querysets above and kept until content
    changes (``catalogue()``):

    * ``public``: per kind (``search.ranking``), the ids a search may return, as a
      PostgreSQL array literal (``"{3,4,12}"``) ready to be passed as one parameter;
    * ``documents``: each public document's ``(title, file name, file size, attached,
      used_on)``, ``used_on`` being the first public page that links to it as ``(id, title,
      path, url_path)`` or None;
    * ``attachments``: per document, the published agreements it is attached to as
      ``(position, agreement id, attachment title)``, the position ordering all
      attachments by agreement and the attachments' own order;
    * ``agreements``: each published agreement's ``(title, slug, section id, document type,
      under_revision, status code)``, the status derived in SQL for today.
    """

    public: dict
    documents: dict
    attachments: dict
    agreements: dict


def catalogue():
    """The shared ``Catalogue``, read from this process's memory when warm. Working out
    which documents are public and which page uses each is the most expensive query of a
    search, and the details of every agreement cost a query per search otherwise; both
    only change when content does (the content version also turns over at midnight, when
    an agreement's status may change)."""
    return cached("search-catalogue", _catalogue)


def _catalogue():
    today = timezone.localdate().isoformat()
    rows = _rows(
        "documents",
        lambda: public_documents(with_page=False).values_list(
            "pk", "title", "document__file", "document__file_size", "attached", "used_on_id"
        ),
        _content_type_id(get_document_model()),
        _content_type_id(Page),
    )
    # The pages documents are used on, in one query instead of three subqueries per document.
    pages = {
        pk: (pk, title, path, url_path)
        for pk, title, path, url_path in Page.objects.filter(
            id__in={row[5] for row in rows if row[5]}
        ).values_list("id", "title", "path", "url_path")
    }
    documents = {
        pk: (title, file, file_size, attached, pages.get(used_on_id))
        for pk, title, file, file_size, attached, used_on_id in rows
    }
    attachments = {}
    rows = _rows(
        "attachments",
        lambda: (
            AgreementAttachment.objects.filter(agreement__live=True)
            .order_by("agreement_id", "sort_order", "pk")
            .values_list("document_id", "agreement_id", "title")
        ),
    )
    for position, (document_id, agreement_id, title) in enumerate(rows):
        if document_id in documents:
            attachments.setdefault(document_id, []).append((position, agreement_id, title))
    agreements = {
        pk: tuple(details)
        for pk, *details in _rows(
            "agreements",
            lambda: (
                published_agreements()
                .order_by()
                .values_list(
                    "pk",
                    "title",
                    "slug",
                    "section_id",
                    "document_type__name",
                    "under_revision",
                    "status_code",
                )
            ),
            today,
        )
    }
    public_page_ids = _rows("pages", lambda: public_pages().order_by().values_list("pk"))
    public = {
        ranking.PAGES: _array(pk for (pk,) in public_page_ids),
        ranking.AGREEMENTS: _array(agreements),
        ranking.DOCUMENTS: _array(documents),
    }
    return Catalogue(
        public=public, documents=documents, attachments=attachments, agreements=agreements
    )


# SQL of the catalogue's querysets, compiled once per process (and day, for the
# agreements' status): compiling those subqueries costs more than running them.
_compiled = {}


def _rows(name, queryset, *key):
    """The rows of the ``values_list`` queryset that ``queryset()`` builds, as tuples of
    database values. Only for querysets whose SQL depends on nothing but ``key`` (and
    content types, which never change for a running process)."""
    entry = _compiled.get((name, *key))
    if entry is None:
        entry = queryset().query.sql_with_params()
        if len(_compiled) > 20:
            _compiled.clear()  # yesterday's statements
        _compiled[name, *key] = entry
    sql, params = entry
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _array(ids):
    """A PostgreSQL array literal of integer ids."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


# -- step 1: every hit, ranked --------------------------------------------------------------


def find(parsed):
    """``(hits, mode)`` for ``parsed``: every ``Hit``, best first; ``mode`` is "exact", or
    "similar" when nothing matched and trigram similarity found these instead. Kept per
    normalised query for SEARCH_RESULTS_CACHE_SECONDS: most searches are for a few popular
    queries, and ranking the whole site is the dearest part of a search page. The key is the
    query as the search understands it (words after synonyms and stop words), so "SIP",
    "sip" and "om SIP" share one entry; the content version in it makes any publication
    show on the very next search. Only in the shared cache (``local=False``): what visitors
    type has no bound, and entries expire."""
    key = repr([(term.typed, term.forms) for term in parsed.terms])
    return cached(
        "search-hits",
        lambda: SiteSearch(parsed).run(),
        FORMAT,
        key,
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )


class SiteSearch:
    """Runs one visitor query over everything; ``run()`` returns ``(hits, mode)``."""

    def __init__(self, parsed):
        self.parsed = parsed
        self.backend = get_search_backend()
        self.has_register = AgreementIndexPage.for_request(None) is not None
        self.root_paths = cached(
            "search-site-root-paths",
            lambda: [root.root_path for root in Site.get_site_root_paths()],
        )
        self.agreement_type = _content_type_id(Agreement)
        self.document_type = _content_type_id(DocumentText)
        self.page_kinds = {}  # content type id -> kind

    def run(self):
        mode = "exact"
        hits = self._ranked(fuzzy=False)
        if not hits:
            similar = self._ranked(fuzzy=True)
            if similar:
                mode = "similar"  # nothing matched, trigram similarity was used
                hits = similar
        hits.sort(key=lambda hit: (-hit.score, hit.title))
        return hits, mode

    def _ranked(self, fuzzy):
        if not ranking.available(self.backend, fuzzy):
            return self._backend_ranked(fuzzy)
        shared = catalogue()
        found = ranking.rank(self.backend, self.parsed, shared.public, MAX_HITS, fuzzy=fuzzy)
        pages = [
            self._page_hit(int(object_id), score, *page)
            for object_id, score, *page in found[ranking.PAGES]
        ]
        documents = [
            (int(object_id), score, shared.documents[int(object_id)])
            for object_id, score in found[ranking.DOCUMENTS]
        ]
        # Agreements through their attachments, as related.attachment_hits finds them: one
        # RelatedHit per matching attachment, by agreement and the attachments' order.
        through_attachments = []
        for document_id, score, (title, *_) in documents:
            for position, agreement_id, attachment_title in shared.attachments.get(document_id, ()):
                source = {"document_id": document_id, "title": attachment_title or title}
                through_attachments.append(
                    (position, agreement_id, score * ATTACHMENT_WEIGHT, source)
                )
        through_attachments.sort(key=lambda entry: entry[0])
        related = [
            fulltext.RelatedHit(pk, score, source) for _, pk, score, source in through_attachments
        ]
        own = [(_Ref(int(object_id)), score) for object_id, score in found[ranking.AGREEMENTS]]
        merged = fulltext.merge(own, related, MAX_HITS)
        details = shared.agreements
        hits = pages
        for hit in merged:
            if hit.pk in details:  # only published agreements, as load_missing does
                hits.append(self._agreement_hit(hit, *details[hit.pk]))
        for document_id, score, (title, file, file_size, attached, used_on) in documents:
            if not attached and used_on:
                hits.append(self._document_hit(document_id, score, title, file, file_size, used_on))
        return [hit for hit in hits if hit is not None]

    def _backend_ranked(self, fuzzy):
        """The same search through Wagtail's backend, one query per kind (SQLite)."""
        parsed = self.parsed
        if fuzzy:
            agreements_qs = published_agreements()
            found_agreements = fulltext.fuzzy_search(agreements_qs, parsed, MAX_HITS)
            pages = fulltext.fuzzy_search(searchable_pages(), parsed, MAX_HITS)
            documents = fulltext.fuzzy_search(public_documents(), parsed, MAX_HITS)

            def agreements(related):
                return fulltext.load_missing(
                    agreements_qs, fulltext.merge(found_agreements, related, MAX_HITS)
                )

        else:
            query = parsed.query()
            pages = fulltext.backend_search(searchable_pages(), query, MAX_HITS)
            documents = fulltext.backend_search(public_documents(), query, MAX_HITS)

            def agreements(related):
                return fulltext.search(
                    published_agreements(), parsed, MAX_HITS, related=related, load=True
                )

        attached = [(text, score) for text, score in documents if text.attached]
        related = attachment_hits(published_agreements(), attached)
        hits = []
        for page, score in pages:
            news = getattr(page, "newspage", None)
            hits.append(
                self._page_hit(
                    page.pk,
                    score,
                    page.title,
                    page.content_type_id,
                    page.url_path,
                    page.path,
                    page.search_description,
                    news.date if news is not None else None,
                )
            )
        for hit in agreements(related):
            agreement = hit.obj
            hits.append(
                self._agreement_hit(
                    hit,
                    agreement.title,
                    agreement.slug,
                    agreement.section_id,
                    agreement.document_type.name,
                    agreement.under_revision,
                    agreement.status.value,
                )
            )
        for text, score in documents:
            if not text.attached and text.used_on_id:
                used_on = (
                    text.used_on_id,
                    text.used_on_title,
                    text.used_on_path,
                    text.used_on_url_path,
                )
                document = text.document
                hits.append(
                    self._document_hit(
                        text.pk, score, text.title, document.file.name, document.file_size, used_on
                    )
                )
        return [hit for hit in hits if hit is not None]

    # -- one hit per kind ----------------------------------------------------------------

    def _page_hit(
        self, pk, score, title, content_type_id, url_path, path, search_description, news_date
    ):
        # Pages outside every site have no URL (Page.get_url would return None).
        if not any(url_path.startswith(root) for root in self.root_paths):
            return None
        kind = self.page_kinds.get(content_type_id)
        if kind is None:
            content_type = ContentType.objects.get_for_id(content_type_id)
            kind = PAGE_KINDS.get(f"{content_type.app_label}.{content_type.model}", "sida")
            self.page_kinds[content_type_id] = kind
        return Hit(
            kind=kind,
            title=title,
            score=score,
            index_key=(content_type_id, str(pk)),
            data=(pk, url_path, path, search_description, news_date if kind == "nyhet" else None),
        )

    def _agreement_hit(
        self, hit, title, slug, section_id, document_type, under_revision, status_code
    ):
        if not self.has_register:
            return None
        status = Status(status_code)
        score = hit.score
        if status in (Status.EXPIRED, Status.REPLACED):
            score *= NOT_IN_FORCE_WEIGHT
        label = status.label + (", under revidering" if under_revision else "")
        index_key = (self.agreement_type, str(hit.pk))
        via = ""
        if hit.via:
            source = hit.via[0].source
            also = "" if not hit.matched_self else "även "
            via = f"Träff {also}i dokumentet ”{source['title']}”"
            if not hit.matched_self:
                index_key = (self.document_type, str(source["document_id"]))
        return Hit(
            kind="avtal",
            title=title,
            score=score,
            index_key=index_key,
            data=(slug, section_id, (document_type, label), via),
        )

    def _document_hit(self, pk, score, title, file_name, file_size, used_on):
        return Hit(
            kind="dokument",
            title=title,
            score=score,
            index_key=(self.document_type, str(pk)),
            data=(pk, file_name, file_size, used_on),
        )


class _Ref:
    """Stands in for an agreement in ``fulltext.merge``, which only reads ``pk``."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


def _content_type_id(model):
    return ContentType.objects.get_for_model(model).id


# -- step 2: the visible page ---------------------------------------------------------------


def sections():
    """Live sections, kept until content changes (a result shows its section's name)."""
    return cached(
        "search-sections",
        lambda: list(
            SectionPage.objects.live().only(
                "id", "path", "title", "short_name", "url_path", "depth"
            )
        ),
    )


def decorate(request, hits, parsed):
    """``Result``s for the ``hits`` of one result page: URLs, section and snippet. At most
    one query (the snippets' text) whatever the number of hits, none when the page was
    shown within SEARCH_RESULTS_CACHE_SECONDS: its snippets are kept beside the hit list,
    because reading and marking up the text of twenty hits costs more than the rest of the
    result page. The key is what a snippet depends on: the query's word forms and the
    hits (with the content version, so an edited text shows on the very next search)."""
    if not hits:
        return []
    all_sections = sections()
    by_path = {section.path: section for section in all_sections}
    by_id = {section.id: section for section in all_sections}
    index_page = AgreementIndexPage.for_request(request)
    page_url = PageURLs(request)
    results = []
    for hit in hits:
        if hit.kind == "avtal":
            result = _agreement_result(hit, index_page, by_id)
        elif hit.kind == "dokument":
            result = _document_result(page_url, hit, by_path)
        else:
            result = _page_result(page_url, hit, by_path)
        results.append(result)
    keys = [result.index_key for result in results]
    snippets = cached(
        "search-snippets",
        lambda: _snippets(results, keys, parsed),
        FORMAT,
        repr(parsed.forms),
        *(f"{content_type}.{object_id}" for content_type, object_id in keys),
        local=False,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )
    for result, snippet in zip(results, snippets, strict=True):
        result.snippet = snippet
    return results


def _snippets(results, keys, parsed):
    """The marked-up snippet of each result, in order (``keys``: their index keys)."""
    texts = _snippet_sources(keys)
    highlighter = Highlighter(parsed.forms)
    return [
        highlighter.snippet(texts.get(key, ""), result.fallback)
        for result, key in zip(results, keys, strict=True)
    ]


def _section_for_path(by_path, path):
    return by_path.get(path[: 3 * SectionPage.steplen]) if path else None


class PageURLs:
    """``Page.get_url(request)`` for pages known only by their ``url_path`` (the only field
    it reads), through one unsaved page instead of one instance per result: building a page
    costs more than the rest of a result line."""

    def __init__(self, request):
        self.request = request
        self.page = Page()

    def __call__(self, url_path):
        if not url_path:
            return None
        self.page.url_path = url_path
        return self.page.get_url(self.request)


def _page_result(page_url, hit, by_path):
    pk, url_path, path, search_description, news_date = hit.data
    return Result(
        kind=hit.kind,
        title=hit.title,
        url=page_url(url_path),
        index_key=hit.index_key,
        section=_section_for_path(by_path, path),
        details=[date_format(news_date, "j F Y")] if news_date else [],
        fallback=search_description,
    )


def _agreement_result(hit, index_page, by_id):
    slug, section_id, details, via = hit.data
    return Result(
        kind=hit.kind,
        title=hit.title,
        url=index_page.agreement_url(_Slug(slug)) if index_page is not None else "",
        index_key=hit.index_key,
        section=by_id.get(section_id) if section_id else None,
        details=list(details),
        via=via,
    )


def _document_result(page_url, hit, by_path):
    pk, file_name, file_size, (_, page_title, page_path, page_url_path) = hit.data
    extension = os.path.splitext(file_name)[1][1:].upper()
    details = [extension] if extension else []
    if file_size:
        details.append(_file_size(file_size))
    return Result(
        kind=hit.kind,
        title=hit.title,
        url=_document_url(pk, hit.title, file_name),
        index_key=hit.index_key,
        section=_section_for_path(by_path, page_path),
        details=details,
        used_on=_link(page_title, page_url(page_url_path)),
    )


def _document_url(pk, title, file_name):
    """``Document.url`` without building a document (a model instance costs more than the
    rest of a result line): Wagtail's serve view, unless documents are served directly."""
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        # collection_id given so that the unsaved instance does not look up its default.
        return get_document_model()(id=pk, title=title, file=file_name, collection_id=None).url
    return reverse("wagtaildocs_serve", args=[pk, os.path.basename(file_name)])


class _Slug:
    """Stands in for an agreement in ``AgreementIndexPage.agreement_url``."""

    __slots__ = ("slug",)

    def __init__(self, slug):
        self.slug = slug


def _snippet_sources(keys):
    """``{(content type id, object id): text}``: the start of the plain text the search
    indexed for each key, read in one query."""
    by_type = {}
    for content_type_id, object_id in keys:
        by_type.setdefault(content_type_id, set()).add(object_id)
    conditions, params = [], []
    for content_type_id, object_ids in by_type.items():
        placeholders = ", ".join(["%s"] * len(object_ids))
        conditions.append(f"(content_type_id = %s AND object_id IN ({placeholders}))")
        params += [content_type_id, *sorted(object_ids)]
    # Table and column names only: the keys are parameters.
    statement = (
        f"SELECT content_type_id, object_id, SUBSTR({_text_column()}, 1, %s) "  # noqa: S608
        f"FROM {IndexEntry._meta.db_table} WHERE {' OR '.join(conditions)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [SNIPPET_SOURCE_LENGTH, *params])
        return {(ct, object_id): text for ct, object_id, text in cursor.fetchall()}


def _link(title, url):
    return {"title": title, "url": url} if title and url else None


def _text_column():
    """The plain indexed text: ``body_text`` on PostgreSQL (``body`` is a tsvector there),
    ``body`` on SQLite."""
    names = {f.name for f in IndexEntry._meta.get_fields()}
    return "body_text" if "body_text" in names else "body"


def _file_size(size):
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
