"""The site search: pages, agreements and documents, each searched with Wagtail's search
within what a visitor may see, merged by score (agreements in force first, see
``agreements.search``; a page's documents collapsed into one line). Pages and agreements
are ranked on Wagtail's index entries, and the rankings and hit lines kept across
publications with only the published object ranked and read again
(``core.fulltext.index_search``, ``page_results``). ``find`` keeps the hits
per meaning of the query; ``add_snippets`` marks the visible page's with ``ts_headline``."""

from dataclasses import dataclass
from functools import reduce
from html import escape
from operator import or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils.safestring import mark_safe
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from agreements.models import Agreement, AgreementAttachment, AgreementIndexPage, Status
from agreements.search import CACHE_SCOPE, kept_until_an_agreement_changes, search_agreements
from core.caching import (
    PAGES,
    cached,
    kept_across_changes,
    log_number,
    scope_version,
    structure_version,
)
from core.fulltext import backend_search, index_search
from core.visibility import covering, public_pages, public_q
from pages.models import NewsPage
from pages.models.sections import section_name
from pages.templatetags.document_tags import file_size_label, file_type_label

from .models import DocumentText

FORMAT = 5  # part of the cache keys: raise it when a Result changes shape
TYPES = {  # code in URLs: (label of one hit, label of the filter)
    "sida": ("Sida", "Sidor"),
    "avtal": ("Avtal/överenskommelse", "Avtal och överenskommelser"),
    "dokument": ("Dokument", "Dokument"),
    "nyhet": ("Nyhet", "Nyheter"),
    "lagesrapport": ("Lägesrapport", "Lägesrapporter"),
}
PAGE_KINDS = {"newspage": "nyhet", "statusreportpage": "lagesrapport"}
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
        return TYPES[self.kind][0]


def public_documents():
    """``{document text id: first page linking to it}`` for the documents a live public page
    links to that no published agreement attaches, outside restricted collections (or below
    one), shared by every search. Kept per structure version (view restrictions, collections)
    and agreements' scope (attachments, documents and their text) across the pages' changes:
    after a page's publication, or the background task that indexes its references, only
    the documents it links to, or was the first to link to, are looked up again."""

    def update(kept, ids):
        again = {pk for pk, page in kept.items() if page in ids} | documents_linked_from(ids)
        kept = {pk: page for pk, page in kept.items() if pk not in again}
        return kept | documents_in_use(again) if again else kept

    key = structure_version(), scope_version(CACHE_SCOPE)
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    return kept_across_changes(
        "public-documents", documents_in_use, update, *key, scope=PAGES, timeout=timeout
    )


def document_links():
    """Wagtail's reference index: the links from pages to documents."""
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
    )


def documents_linked_from(pages):
    """The ids of the documents the pages ``pages`` (ids) link to."""
    links = document_links().filter(object_id__in=[str(pk) for pk in pages])
    return {int(pk) for pk in links.values_list("to_object_id", flat=True)}


def documents_in_use(only=None):
    """``{document text id: first page linking to it}`` for the documents in public use (of
    ``only``, ids, if given). The links are read from the reference index and their pages
    looked up by id, so the cost follows the number of links, not of pages."""
    links = document_links()
    if only is not None:
        links = links.filter(to_object_id__in=[str(pk) for pk in only])
    links = sorted(links.values_list("object_id", "to_object_id"))  # first pages first
    pages = Page.objects.live().filter(public_q(), depth__gt=1)
    public = set(pages.filter(pk__in={int(page) for page, _ in links}).values_list("pk", flat=True))
    first = {}
    for page, document in links:
        if int(page) in public:
            first.setdefault(int(document), int(page))
    attached = AgreementAttachment.objects.filter(agreement__live=True).values("document_id")
    restrictions = CollectionViewRestriction.objects.all()
    restricted = covering(restrictions, "document__collection__path", "collection__path")
    texts = DocumentText.objects.filter(pk__in=first).exclude(pk__in=attached)
    return {pk: first[pk] for pk in texts.filter(~Exists(restricted)).values_list("pk", flat=True)}


def find(parsed, request):
    """``(results, mode)``, best first; ``mode`` says what matched: "exact", "some" of the
    words or "similar" words. Kept in the shared cache until content changes, or a page is
    indexed anew (Wagtail's background task, after the page's publication)."""
    compute, timeout = lambda: run(parsed, request), settings.SEARCH_RESULTS_CACHE_SECONDS
    key = FORMAT, parsed.key, log_number(PAGES)
    return cached("search-hits", compute, *key, local=False, timeout=timeout)


def run(parsed, request):
    queries = ("exact", parsed.query()), ("some", parsed.any()), ("similar", parsed.fuzzy())
    kinds = kinds_with_any_word(parsed)
    for mode, query in queries:
        kinds = None if mode == "similar" else kinds  # similar words: every kind
        if query is not None and (results := ranked(query, request, kinds)):
            return collapse(results), mode
    return [], "exact"


def kinds_with_any_word(parsed):
    """The content types with an index entry that has any of the query's terms (one query on
    the index's GIN indexes, each kind's answer its first entry): others need no search."""
    query = parsed.tsquery()
    entries = IndexEntry.objects.filter(Q(title=query) | Q(body=query), content_type=OuterRef("pk"))
    return set(ContentType.objects.filter(Exists(entries)).values_list("pk", flat=True))


def ranked(query, request, kinds=None):  # with the request, Wagtail reads the site's root once
    """Each kind of content searched, if ``kinds`` (content type ids; None: all) has it."""
    types = agreement_type, text_type = non_page_types()
    kinds = {*types, "page"} if kinds is None else kinds
    pages = public_pages().filter(depth__gt=1).annotate(section_name=section_name())
    uses = public_documents() if text_type in kinds else {}
    documents = document_hits(uses, query) if uses else []
    used_on = pages.in_bulk({uses[text.pk] for text, _ in documents})
    register = AgreementIndexPage.for_request(None)
    results = agreement_results(query, register) if register and agreement_type in kinds else []
    results += page_results(pages, query, request) if kinds - set(types) else []
    # A page unpublished since the documents were found takes its documents along.
    results += [
        document_result(t, s, used_on[uses[t.pk]], request)
        for t, s in documents
        if uses[t.pk] in used_on
    ]
    # Stable: agreements, whose scores never rise down their list, keep their order in ties.
    return sorted((r for r in results if r.url), key=lambda result: -result.score)


def non_page_types():
    """The content type ids of what the site search finds besides pages: agreements and the
    text of documents."""
    return [ContentType.objects.get_for_model(m).pk for m in (Agreement, DocumentText)]


def agreement_results(query, register):
    """The agreements' lines, kept until an agreement changes: a news item published leaves
    them, the costliest part of a search on a large register, as they were."""
    compute = lambda: [  # noqa: E731
        agreement_result(agreement, score, register.agreement_url)
        for agreement, score in search_agreements(query, MAX_HITS)
    ]
    return kept_until_an_agreement_changes("agreement-hits", compute, FORMAT, repr(query))


def document_hits(uses, query):
    """The documents in public use (``uses``, see ``public_documents``) that match, with
    their scores, kept until another document comes into public use or a document or its
    text changes (logged in the agreements' scope as a change not known by id): an
    agreement's publication, logged by its id, leaves them as they were."""
    texts = DocumentText.objects.filter(pk__in=list(uses)).select_related("document").defer("text")
    compute = lambda: backend_search(texts, query, MAX_HITS)  # noqa: E731
    unchanged = lambda kept, ids: kept  # noqa: E731
    key, timeout = (repr(query), sorted(uses)), settings.SEARCH_RESULTS_CACHE_SECONDS
    return kept_across_changes(
        "document-hits", compute, unchanged, *key, scope=CACHE_SCOPE, timeout=timeout
    )


def page_results(pages, query, request):
    """The pages' lines, kept across the pages' changes (``core.caching.PAGES``): after a
    page's publication only its line is made again. A line depends on its page alone and on
    the structure (its section, the address of its parents; a slug changed logs every page
    as changed)."""
    # A subquery, worked out for the pages read.
    dates = NewsPage.objects.filter(pk=OuterRef("pk")).order_by().values("date")
    pages = pages.annotate(news_date=Subquery(dates))

    def lines(known=None):  # a line kept is returned as it is, with its score
        found = index_search(pages, query, MAX_HITS, scope=PAGES, known=known)
        return [
            line if isinstance(line, Result) else page_result(line, score, request)
            for line, score in found
        ]

    def update(kept, ids):
        return lines({pk: line for line in kept if (pk := int(line.index_key[1])) not in ids})

    key, timeout = (FORMAT, repr(query), structure_version()), settings.SEARCH_RESULTS_CACHE_SECONDS
    return kept_across_changes("page-hits", lines, update, *key, scope=PAGES, timeout=timeout)


def page_result(page, score, request):
    kind = PAGE_KINDS.get(page.cached_content_type.model, "sida")
    key, details = (page.content_type_id, str(page.pk)), (page.news_date,)  # a news item's date
    return Result(kind, page.title, page.get_url(request), score, key, page.section_name, details)


def agreement_result(agreement, score, url):
    status = agreement.status.label + (", under revidering" if agreement.under_revision else "")
    details = (agreement.type_name, status, agreement.validity_text)
    key = (ContentType.objects.get_for_model(Agreement).id, str(agreement.pk))
    result = Result("avtal", agreement.title, url(agreement), score, key, details=details)
    result.section = agreement.owner_name
    result.history = agreement.status in (Status.EXPIRED, Status.REPLACED)
    if new := getattr(agreement, "successor", None):
        result.successor = {"title": new.title, "url": url(new)}
    return result


def document_result(text, score, page, request):
    details = (file_type_label(text.document), file_size_label(text.document))
    key = (ContentType.objects.get_for_model(DocumentText).id, str(text.pk))
    result = Result("dokument", text.title, text.document.url, score, key, details=details)
    result.section = page.section_name
    result.used_on = {"title": page.title, "url": page.get_url(request)}
    return result


def collapse(results):
    """One line for a page's documents: the best of them, counting the rest."""
    first = {}  # the page a document is used on (each other result: itself) -> its line
    for result in results:
        if (page := result.used_on and result.used_on["url"]) in first:
            first[page].more += 1
            first[page].more_minutes &= result.title.casefold().startswith("protokoll")
        else:
            first[page or id(result)] = result
    return list(first.values())


def add_snippets(results, parsed):
    """The visible page's snippets: PostgreSQL's ``ts_headline`` of each text, the query's
    words and phrases marked. A snippet depends on its index entry alone, so the pages'
    snippets are kept across the pages' changes and the others (agreements, documents'
    text) across the agreements' scope's: after a publication only the published page's
    or agreement's snippet is made again, if it is shown (Wagtail indexes a page in the
    background, and the log has it once indexed: ``core.caching``)."""
    not_pages = set(non_page_types())
    keys = [result.index_key for result in results]
    texts = kept_snippets(PAGES, [k for k in keys if k[0] not in not_pages], parsed)
    texts |= kept_snippets(CACHE_SCOPE, [k for k in keys if k[0] in not_pages], parsed)
    for result in results:
        marked = escape(texts.get(result.index_key, "")).replace(MARKS[0], "<mark>")
        result.snippet = mark_safe(marked.replace(MARKS[1], "</mark>"))  # noqa: S308 (escaped)
    return results


def kept_snippets(scope, keys, parsed):
    """``{index key: snippet}`` of ``keys`` (objects whose changes ``scope`` logs by id),
    made in one query and kept across the scope's changes."""
    if not keys:
        return {}
    # The keys in order of their objects: a page of hits that only changed order keeps them.
    keys = sorted(keys)
    compute = lambda only=keys: headlines(only, parsed) if only else {}  # noqa: E731

    def update(kept, ids):
        again = [(c, o) for c, o in keys if int(o) in ids]
        return {key: text for key, text in kept.items() if key not in again} | compute(again)

    key, timeout = (FORMAT, scope, parsed.key, *keys), settings.SEARCH_RESULTS_CACHE_SECONDS
    return kept_across_changes(
        "search-snippets", compute, update, *key, scope=scope, timeout=timeout
    )


def headlines(keys, parsed):
    config = get_search_backend().config
    headline = SearchHeadline(
        Substr("body_text", 1, 20_000),  # ts_headline reads all it is given
        parsed.tsquery(),
        config=config,
        start_sel=MARKS[0],
        stop_sel=MARKS[1],
        max_words=40,
        min_words=20,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    condition = reduce(or_, [Q(content_type=c, object_id=o) for c, o in keys], Q(pk__in=[]))
    rows = IndexEntry.objects.filter(condition).annotate(text=headline)
    return {(c, o): text for c, o, text in rows.values_list("content_type", "object_id", "text")}
