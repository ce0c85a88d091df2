"""The site search: one ranked list of published pages, agreements and documents.

Every kind of content is searched with the same parsed query (``pages.fulltext``), each in
one query, and the hits are merged by score into one list. What a visitor may see decides
what is searched, in SQL, never after the fact:

* pages: live, not behind a view restriction, below the root;
* agreements: published (live), whatever their status (transparency: an expired agreement
  stays findable and says so);
* documents: only documents that published content uses — attached to a published
  agreement or linked from a public page — and not in a restricted collection. A document
  uploaded for a draft is not listed until the draft is published. A hit in an
  agreement's attachment is shown as the agreement (its page says whether the document
  still applies); other documents are shown as documents with the page that uses them.

Everything a result needs (section, URL, snippet) is resolved in bulk for the visible
page of results only, so the number of queries does not grow with the number of hits.
"""

from dataclasses import dataclass, field

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
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.search.models import IndexEntry

from agreements.models import Agreement, AgreementIndexPage, Status
from pages import fulltext
from pages.models import SectionPage

from .models import DocumentText
from .related import attached_document_ids, attachment_hits
from .snippets import Highlighter

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
    kind: str
    title: str
    url: str
    score: float
    index_key: tuple  # (content type id, object id) of the text in the search index
    section_path: str = ""
    section_id: int | None = None
    details: list = field(default_factory=list)
    via: str = ""
    used_on: dict | None = None
    fallback: str = ""
    snippet: str = ""
    section: object = None

    @property
    def type_label(self):
        return TYPE_LABELS[self.kind]


def public_pages():
    """Live pages that are not behind a view restriction (theirs or an ancestor's), as one
    subquery rather than Wagtail's ``.public()``, which loads every restriction first."""
    restricted = PageViewRestriction.objects.annotate(
        target_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(target_path__startswith=F("page__path"))
    private = Page.objects.filter(Exists(restricted)).values("id")
    return Page.objects.live().filter(depth__gt=1).exclude(id__in=private)


def public_documents():
    """Documents that published content uses, outside restricted collections."""
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
    page = Page.objects.filter(id=OuterRef("used_on_id"))
    return (
        DocumentText.objects.filter(Q(pk__in=attached) | Q(pk__in=used_ids))
        .exclude(pk__in=hidden)
        .annotate(used_on_id=used_on)
        .annotate(
            used_on_title=Subquery(page.values("title")[:1]),
            used_on_path=Subquery(page.values("path")[:1]),
            used_on_url_path=Subquery(page.values("url_path")[:1]),
            attached=Exists(
                attached.filter(document_id=OuterRef("pk")),
            ),
        )
        .select_related("document")
        .only("pk", "title", "document__file", "document__file_size", "document__title")
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


class SiteSearch:
    """Runs one visitor query over everything; ``run()`` returns every ``Result``."""

    def __init__(self, request, parsed):
        self.request = request
        self.parsed = parsed
        self.mode = "exact"  # or "similar": nothing matched, trigram similarity was used

    def run(self):
        query = self.parsed.query()
        results = self._collect(
            pages=fulltext.backend_search(searchable_pages(), query, MAX_HITS),
            documents=fulltext.backend_search(public_documents(), query, MAX_HITS),
            agreements=lambda related: fulltext.search(
                published_agreements(), self.parsed, MAX_HITS, related=related, load=True
            ),
        )
        if not results:
            similar = self._similar()
            if similar:
                self.mode = "similar"
                results = similar
        results.sort(key=lambda result: (-result.score, result.title))
        return results

    def _similar(self):
        agreements_qs = published_agreements()
        found_agreements = fulltext.fuzzy_search(agreements_qs, self.parsed, MAX_HITS)
        pages = fulltext.fuzzy_search(searchable_pages(), self.parsed, MAX_HITS)
        documents = fulltext.fuzzy_search(public_documents(), self.parsed, MAX_HITS)
        return self._collect(
            pages=pages,
            documents=documents,
            agreements=lambda related: fulltext.load_missing(
                agreements_qs, fulltext.merge(found_agreements, related, MAX_HITS)
            ),
        )

    def _collect(self, pages, documents, agreements):
        attached = [(text, score) for text, score in documents if text.attached]
        related = attachment_hits(published_agreements(), attached)
        results = [self._page_result(page, score) for page, score in pages]
        results += [self._agreement_result(hit) for hit in agreements(related)]
        results += [
            self._document_result(text, score)
            for text, score in documents
            if not text.attached and text.used_on_id
        ]
        return [result for result in results if result is not None]

    # -- one result per kind -------------------------------------------------------------

    def _content_type_id(self, model):
        return ContentType.objects.get_for_model(model).id

    def _page_result(self, page, score):
        content_type = ContentType.objects.get_for_id(page.content_type_id)
        kind = PAGE_KINDS.get(f"{content_type.app_label}.{content_type.model}", "sida")
        details = []
        news = getattr(page, "newspage", None) if kind == "nyhet" else None
        if news is not None and news.date:
            details.append(date_format(news.date, "j F Y"))
        url = page.get_url(self.request)
        if url is None:
            return None
        return Result(
            kind=kind,
            title=page.title,
            url=url,
            score=score,
            index_key=(page.content_type_id, str(page.pk)),
            section_path=page.path,
            details=details,
            fallback=page.search_description,
        )

    def _agreement_result(self, hit):
        agreement = hit.obj
        index_page = AgreementIndexPage.for_request(self.request)
        if index_page is None:
            return None
        status = agreement.status.label
        score = hit.score
        if agreement.status in (Status.EXPIRED, Status.REPLACED):
            score *= NOT_IN_FORCE_WEIGHT
        if agreement.under_revision:
            status += ", under revidering"
        result = Result(
            kind="avtal",
            title=agreement.title,
            url=index_page.agreement_url(agreement),
            score=score,
            index_key=(self._content_type_id(Agreement), str(agreement.pk)),
            section_id=agreement.section_id,
            details=[agreement.document_type.name, status],
        )
        if hit.via:
            source = hit.via[0].source
            also = "" if not hit.matched_self else "även "
            result.via = f"Träff {also}i dokumentet ”{source['title']}”"
            if not hit.matched_self:
                result.index_key = (self._content_type_id(DocumentText), str(source["document_id"]))
        return result

    def _document_result(self, text, score):
        document = text.document
        extension = document.file_extension.upper()
        details = [extension] if extension else []
        if document.file_size:
            details.append(_file_size(document.file_size))
        used_on = Page(
            id=text.used_on_id,
            title=text.used_on_title,
            path=text.used_on_path,
            url_path=text.used_on_url_path,
            depth=len(text.used_on_path or "") // Page.steplen,
        )
        return Result(
            kind="dokument",
            title=text.title,
            url=document.url,
            score=score,
            index_key=(self._content_type_id(DocumentText), str(text.pk)),
            section_path=text.used_on_path or "",
            details=details,
            used_on=_link(used_on.title, used_on.get_url(self.request)),
        )


def decorate(results, parsed):
    """Add section and snippet to the results of one result page: two queries in all."""
    if not results:
        return results
    sections = list(
        SectionPage.objects.live().only("id", "path", "title", "short_name", "url_path", "depth")
    )
    by_path = {section.path: section for section in sections}
    by_id = {section.id: section for section in sections}
    keys = {}
    for result in results:
        keys.setdefault(result.index_key[0], set()).add(result.index_key[1])
        if result.section_id:
            result.section = by_id.get(result.section_id)
        elif result.section_path:
            result.section = by_path.get(result.section_path[: 3 * SectionPage.steplen])
    condition = Q()
    for content_type_id, object_ids in keys.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=object_ids)
    texts = {
        (content_type_id, object_id): text
        for content_type_id, object_id, text in IndexEntry.objects.filter(condition)
        .annotate(source=Substr(_text_column(), 1, SNIPPET_SOURCE_LENGTH))
        .values_list("content_type_id", "object_id", "source")
    }
    highlighter = Highlighter(parsed.forms)
    for result in results:
        result.snippet = highlighter.snippet(texts.get(result.index_key, ""), result.fallback)
    return results


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
