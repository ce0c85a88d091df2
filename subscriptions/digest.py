"""What a subscriber gets in a digest: what was published, in what they follow, in a window.

Pages count when they were first published or republished in the window (by
``first_published_at`` / ``last_published_at``), agreements by the same two dates. Only
what a visitor can see counts: live pages without a view restriction, published
agreements. Each item appears once, under the first topic it belongs to.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from agreements.models import Agreement, AgreementIndexPage
from pages.models import SectionPage, StatusReportIndexPage

ITEM_LIMIT = 200  # per digest; a flood (e.g. an import) is summarised by a link instead


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    kind: str  # e.g. "nyhet", "lägesrapport", "överenskommelse"
    is_new: bool

    @property
    def status(self):
        return "ny" if self.is_new else "uppdaterad"


@dataclass
class Group:
    heading: str
    items: list[Item] = field(default_factory=list)


def _window(prefix, since, until):
    return Q(
        **{f"{prefix}first_published_at__gt": since, f"{prefix}first_published_at__lte": until}
    ) | Q(**{f"{prefix}last_published_at__gt": since, f"{prefix}last_published_at__lte": until})


def collect(subscriber, since, until):
    """The digest for one subscriber as a list of non-empty groups (empty = send nothing)."""
    sections = list(
        SectionPage.objects.filter(pk__in=subscriber.sections.values("pk"))
        .order_by("path")
        .only("id", "path", "title", "short_name")
    )
    report_indexes = list(
        StatusReportIndexPage.objects.filter(pk__in=subscriber.report_indexes.values("pk"))
        .order_by("path")
        .only("id", "path", "depth", "title")
    )
    everything = subscriber.all_content

    # -- pages ------------------------------------------------------------------------------
    scope = Q()
    if not everything:
        for section in sections:
            scope |= Q(path__startswith=section.path)
        for index in report_indexes:
            scope |= Q(path__startswith=index.path, depth=index.depth + 1)
    pages = []
    if everything or sections or report_indexes:
        pages = list(
            Page.objects.live()
            .public()
            .filter(depth__gt=2)
            .filter(_window("", since, until))
            .filter(scope)
            .order_by("-last_published_at")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "content_type_id",
                "first_published_at",
                "last_published_at",
            )[:ITEM_LIMIT]
        )

    # -- agreements -------------------------------------------------------------------------
    agreements = []
    section_ids = [s.pk for s in sections]
    if everything or subscriber.agreements or section_ids:
        query = Agreement.objects.public().filter(_window("", since, until))
        if not (everything or subscriber.agreements):
            query = query.filter(section_id__in=section_ids)
        agreements = list(
            query.select_related("document_type")
            .order_by("-last_published_at")
            .only(
                "id",
                "title",
                "slug",
                "section_id",
                "first_published_at",
                "last_published_at",
                "document_type__name",
            )[:ITEM_LIMIT]
        )
    register = None
    if agreements:
        register = AgreementIndexPage.objects.live().only("id", "url_path", "path", "depth").first()

    def page_item(page):
        model = page.specific_class
        kind = str(model._meta.verbose_name) if model else "sida"
        first = page.first_published_at or page.last_published_at
        return Item(page.title, page.get_full_url() or "", kind, first > since)

    def agreement_item(agreement):
        base = register.get_full_url() if register else ""
        url = f"{base}{agreement.slug}/" if base else ""
        kind = agreement.document_type.name.lower() if agreement.document_type_id else "avtal"
        first = agreement.first_published_at or agreement.last_published_at
        return Item(agreement.title, url, kind, first > since)

    # -- grouping ---------------------------------------------------------------------------
    groups = []
    if everything:
        groups.append(
            Group(
                "Allt som publiceras på webbplatsen",
                [page_item(p) for p in pages] + [agreement_item(a) for a in agreements],
            )
        )
        return [g for g in groups if g.items]

    seen_pages, seen_agreements = set(), set()
    if subscriber.agreements:
        groups.append(Group("Avtal och överenskommelser", [agreement_item(a) for a in agreements]))
        seen_agreements.update(a.pk for a in agreements)
    for index in report_indexes:
        mine = [
            p
            for p in pages
            if p.path.startswith(index.path)
            and p.depth == index.depth + 1
            and p.pk not in seen_pages
        ]
        seen_pages.update(p.pk for p in mine)
        groups.append(Group(f"Lägesrapporter: {index.title}", [page_item(p) for p in mine]))
    for section in sections:
        mine = [p for p in pages if p.path.startswith(section.path) and p.pk not in seen_pages]
        seen_pages.update(p.pk for p in mine)
        own = [a for a in agreements if a.section_id == section.pk and a.pk not in seen_agreements]
        seen_agreements.update(a.pk for a in own)
        groups.append(
            Group(
                section.short_name or section.title,
                [page_item(p) for p in mine] + [agreement_item(a) for a in own],
            )
        )
    return [g for g in groups if g.items]
