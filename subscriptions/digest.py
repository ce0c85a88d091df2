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
from agreements.models.agreement import applicable_condition
from core.visibility import public_q

ITEM_LIMIT = 200  # per digest; a flood (e.g. an import) is summarised by a link instead


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    kind: str  # e.g. "nyhet", "lägesrapport", "överenskommelse"
    is_new: bool
    whats_new: str = ""  # a new version's "Vad är nytt", quoted in the mail

    @property
    def status(self):
        return "ny" if self.is_new else "uppdaterad"


@dataclass
class Group:
    heading: str
    items: list[Item] = field(default_factory=list)


def published_between(since, until):
    return Q(first_published_at__gt=since, first_published_at__lte=until) | Q(
        last_published_at__gt=since, last_published_at__lte=until
    )


def collect(subscriber, since, until):
    """The digest for one subscriber as a list of non-empty groups (empty = send nothing)."""
    everything = subscriber.all_content
    sections = list(subscriber.sections.order_by("path"))
    report_indexes = list(subscriber.report_indexes.order_by("path"))
    municipalities = list(subscriber.municipalities.order_by("name"))

    scope = Q()  # the pages followed; no filter for everything
    if not everything:
        for section in sections:
            scope |= Q(path__startswith=section.path)
        for index in report_indexes:
            scope |= Q(path__startswith=index.path, depth=index.depth + 1)
    pages = []
    if everything or scope:
        pages = Page.objects.live().filter(public_q(), published_between(since, until), depth__gt=2)
        pages = list(pages.filter(scope).order_by("-last_published_at")[:ITEM_LIMIT])

    agreements = Agreement.objects.public().filter(published_between(since, until))
    if not (everything or subscriber.agreements):
        followed = Q(section__in=sections)
        for municipality in municipalities:
            followed |= applicable_condition(municipality)
        agreements = (
            agreements.filter(followed) if sections or municipalities else agreements.none()
        )
    agreements = agreements.select_related("document_type").order_by("-last_published_at")
    agreements = list(agreements[:ITEM_LIMIT])
    register = AgreementIndexPage.objects.live().first() if agreements else None

    def page_item(page):
        model = page.specific_class
        kind = model.get_verbose_name().lower() if model else "sida"
        first = page.first_published_at or page.last_published_at
        return Item(page.title, page.get_full_url() or "", kind, first > since)

    def agreement_item(agreement):
        url = f"{register.get_full_url()}{agreement.slug}/" if register else ""
        kind = agreement.document_type.name.lower()
        if agreement.is_consultation:
            kind = f"förslag på remiss, {kind}"
        first = agreement.first_published_at or agreement.last_published_at
        whats_new = agreement.whats_new if agreement.replaces_id else ""
        return Item(agreement.title, url, kind, first > since, " ".join(whats_new.split()))

    if everything:
        items = [page_item(p) for p in pages] + [agreement_item(a) for a in agreements]
        return [Group("Allt som publiceras på webbplatsen", items)] if items else []

    seen = set()  # pages and agreements already listed under an earlier topic

    def unseen(objects):
        new = [o for o in objects if o not in seen]
        seen.update(new)
        return new

    groups = []
    if subscriber.agreements:
        groups.append(
            Group("Avtal och överenskommelser", [agreement_item(a) for a in unseen(agreements)])
        )
    for index in report_indexes:
        mine = [p for p in pages if p.path.startswith(index.path) and p.depth == index.depth + 1]
        groups.append(Group(f"Lägesrapporter: {index.title}", [page_item(p) for p in unseen(mine)]))
    for section in sections:
        mine = [p for p in pages if p.path.startswith(section.path)]
        own = [a for a in agreements if a.section_id == section.pk]
        items = [page_item(p) for p in unseen(mine)] + [agreement_item(a) for a in unseen(own)]
        groups.append(Group(section.short_name or section.title, items))
    for municipality in municipalities:
        mine = Agreement.objects.filter(applicable_condition(municipality)).filter(
            pk__in=[a.pk for a in agreements]
        )
        ids = set(mine.values_list("pk", flat=True))
        own = [a for a in agreements if a.pk in ids]
        heading = f"Avtal som gäller för {municipality.name}"
        groups.append(Group(heading, [agreement_item(a) for a in unseen(own)]))
    return [g for g in groups if g.items]
