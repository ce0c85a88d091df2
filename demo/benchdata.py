"""Large generated content for performance tests and the benchmark.

Query counts and response times only mean something if they hold when the site is full:
this adds pages (news, groups with members and meetings, content pages) to every section
and thousands of agreements. Never used for demo content.
"""

import itertools
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement, DecisionBody, DocumentType, Level, Topic
from pages.models import (
    ContentPage,
    GroupMeeting,
    GroupMember,
    GroupPage,
    Municipality,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from pages.setup import add_child

WORDS = (
    "samverkan vård omsorg kommun region utskrivning planering uppföljning hemsjukvård "
    "läkemedel barn unga psykisk hälsa äldre nära vård digital informationsöverföring rutin"
).split()


def sentence(n, length=18):
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


@transaction.atomic
def generate(pages_per_section=50, agreements=2000, today=None):
    """Add ``pages_per_section`` pages to every section and ``agreements`` agreements;
    return how many agreements were added."""
    today = today or timezone.localdate()
    counter = itertools.count()
    for section in SectionPage.objects.order_by("path"):
        news_index = NewsIndexPage.objects.child_of(section).first()
        if news_index is None:
            news_index = NewsIndexPage(title=f"Nyheter {section.short_name}", slug="nyheter")
            section.add_child(instance=news_index)
        for i in range(pages_per_section):
            n = next(counter)
            if i % 3 == 0:
                news = NewsPage(
                    title=f"Genererad nyhet {n}",
                    slug=f"genererad-nyhet-{n}",
                    intro=sentence(n),
                    date=today - timedelta(days=n % 400),
                )
                add_child(news_index, news)
            elif i % 3 == 1:
                group = GroupPage(
                    title=f"Genererad grupp {n}",
                    slug=f"genererad-grupp-{n}",
                    group_type=GroupPage.GroupType.WORKING_GROUP,
                    intro=sentence(n),
                    last_reviewed=today,
                )
                group.members = [
                    GroupMember(name=f"Person {n}-{m}", represents="Kommun", role="Ledamot")
                    for m in range(8)
                ]
                group.meetings = [
                    GroupMeeting(date=today + timedelta(days=d), place="Digitalt")
                    for d in (-90, -30, 30, 90)
                ]
                add_child(section, group)
            else:
                page = ContentPage(
                    title=f"Genererad sida {n}",
                    slug=f"genererad-sida-{n}",
                    intro=sentence(n),
                    last_reviewed=today,
                    body=[("paragraph", f"<p>{sentence(n, 60)}</p>")],
                )
                add_child(section, page)

    sections = list(SectionPage.objects.all())
    types = list(DocumentType.objects.all())
    topics = list(Topic.objects.all())
    bodies = list(DecisionBody.objects.all())
    municipalities = list(Municipality.objects.all())
    levels = [Level.COUNTY, Level.SUBREGIONAL, Level.LOCAL]
    start = Agreement.objects.count()
    now = timezone.now()
    created = Agreement.objects.bulk_create(
        Agreement(
            title=f"Genererat avtal {start + n:05d} om {WORDS[n % len(WORDS)]}",
            slug=f"genererat-avtal-{start + n:05d}",
            document_type=types[n % len(types)],
            level=levels[n % 3],
            section=sections[n % len(sections)],
            decided_by=bodies[n % len(bodies)],
            decided_on=today - timedelta(days=n % 1500),
            summary=sentence(n, 30),
            valid_from=today - timedelta(days=n % 900),
            valid_to=today + timedelta(days=n % 400) if n % 5 == 0 else None,
            review_by=today + timedelta(days=n % 300) if n % 4 == 0 else None,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(agreements)
    )
    Agreement.topics.through.objects.bulk_create(
        Agreement.topics.through(agreement_id=a.pk, topic_id=topics[n % len(topics)].pk)
        for n, a in enumerate(created)
    )
    Agreement.municipalities.through.objects.bulk_create(
        Agreement.municipalities.through(
            agreement_id=a.pk, municipality_id=municipalities[n % len(municipalities)].pk
        )
        for n, a in enumerate(created)
        if a.level == Level.LOCAL
    )
    for n in range(10, len(created), 10):  # version chains
        Agreement.objects.filter(pk=created[n].pk).update(replaces=created[n - 1].pk)
    return len(created)


# -- the large site ------------------------------------------------------------------------

LARGE = {
    "agreements": 20_000,
    "chain_length": 5,  # every 50th agreement starts a chain of five versions
    "chain_every": 50,
    "news": 3_000,  # under one section's news list
    "groups": 500,  # in one section
    "content_pages": 60,
    "reports": 240,  # monthly reports (twenty years) besides the demo's
    "documents": 160,  # PDFs with text, attached to agreements
}


BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default path alphabet


def _step(number, steplen):
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = BASE36[digit] + digits
    return digits.rjust(steplen, "0")


def bulk_add_children(parent, pages, now, related=()):
    """Insert ``pages`` (unsaved instances of one page type) as live children of ``parent``
    in a few statements instead of treebeard's ``add_child`` per page (with validation,
    a search-index update and signals per page): the tree paths are
    computed as treebeard computes them, the ``wagtailcore_page`` rows are one bulk insert,
    each page type's own row is saved raw (as ``loaddata`` does). ``related`` names child
    relations (``"members"`` …) whose unsaved rows are bulk-inserted too. The search index
    is rebuilt afterwards (``wagtail_update_index``), as the benchmark does."""
    from wagtail.models import Page

    pages = list(pages)
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = []
    for n, page in enumerate(pages):
        page.path = parent.path + _step(start + n, Page.steplen)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in base_fields}))
    Page.objects.bulk_create(bases, batch_size=1000)
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.pk
        page.save_base(raw=True)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    for name in related:
        rows = []
        for page in pages:
            for row in getattr(page, name).all():
                row.page_id = page.pk
                rows.append(row)
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=2000)
    return pages


@transaction.atomic
def generate_large(today=None, sizes=None, log=print):
    """The large site of issue 27 on top of the demo site: 20,000 agreements (about 2,000 in
    version chains), 3,000 news items under one section, 500 groups in another, 240 more
    monthly reports, 60 content pages and 160 PDFs with text.

    Agreements, their relations and attachments are bulk inserts; pages too
    (``bulk_add_children``), live without a revision each, as the benchmark measures them
    and never edits them. Documents are saved one by one, so their text is extracted.
    """
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from agreements.models import AgreementAttachment
    from pages.models import StatusIndicator, StatusReportIndexPage, StatusReportPage
    from pages.models.reports import default_slug, default_title

    from .pdf import make_pdf

    sizes = {**LARGE, **(sizes or {})}
    today = today or timezone.localdate()
    now = timezone.now()
    sections = {s.short_name: s for s in SectionPage.objects.all()}
    news_section = sections.get("Göteborgsområdet") or next(iter(sections.values()))
    group_section = sections.get("Fyrbodal") or next(iter(sections.values()))
    county = next((s for s in sections.values() if s.is_county), news_section)

    news_index = NewsIndexPage.objects.child_of(news_section).first()
    if news_index is None:
        news_index = NewsIndexPage(title=f"Nyheter {news_section.short_name}", slug="nyheter")
        add_child(news_section, news_index)
    bulk_add_children(
        news_index,
        (
            NewsPage(
                title=f"Nyhet {n + 1} om {WORDS[n % len(WORDS)]}",
                slug=f"stor-nyhet-{n}",
                intro=sentence(n),
                date=today - timedelta(days=n % 2000),
                body=[("paragraph", f"<p>{sentence(n, 80)}</p>")],
            )
            for n in range(sizes["news"])
        ),
        now,
    )
    log(f"  {sizes['news']} nyheter under {news_section.short_name}")

    group_types = list(GroupPage.GroupType)
    groups = []
    for n in range(sizes["groups"]):
        group_type = group_types[n % len(group_types)]
        group = GroupPage(
            title=f"{group_type.label} {n + 1} om {WORDS[n % len(WORDS)]}",
            slug=f"stor-grupp-{n}",
            group_type=group_type,
            intro=sentence(n),
            last_reviewed=today,
        )
        group.members = [
            GroupMember(name=f"Person {n}-{m}", represents="Kommun", role="Ledamot")
            for m in range(6)
        ]
        group.meetings = [
            GroupMeeting(date=today + timedelta(days=d + n % 30), place="Digitalt")
            for d in (-60, 30)
        ]
        groups.append(group)
    bulk_add_children(group_section, groups, now, related=("members", "meetings"))
    log(f"  {sizes['groups']} grupper under {group_section.short_name}")

    for section_number, section in enumerate(sections.values()):
        bulk_add_children(
            section,
            (
                ContentPage(
                    title=f"Stor sida {n + 1}",
                    slug=f"stor-sida-{n}",
                    intro=sentence(n),
                    last_reviewed=today,
                    body=[("paragraph", f"<p>{sentence(n, 120)}</p>")],
                )
                for n in range(sizes["content_pages"])
                if n % len(sections) == section_number
            ),
            now,
        )

    report_index = StatusReportIndexPage.objects.child_of(county).first()
    if report_index is not None:
        author = StatusReportPage.objects.exclude(author=None).values_list("author", flat=True)
        author_id = author.first()
        taken = set(
            StatusReportPage.objects.child_of(report_index).values_list("report_month", flat=True)
        )
        month, reports = today.replace(day=1), []
        while len(reports) < sizes["reports"]:
            month = (month - timedelta(days=1)).replace(day=1)
            if month in taken:
                continue
            report = StatusReportPage(
                title=default_title(month),
                slug=default_slug(month),
                report_month=month,
                summary=f"<p>{sentence(len(reports), 60)}</p>",
                plan=f"<p>{sentence(len(reports) + 1, 40)}</p>",
                author_id=author_id,
            )
            report.indicators = [
                StatusIndicator(area="Tidplan", status=StatusIndicator.Status.ON_TRACK)
            ]
            reports.append(report)
        bulk_add_children(report_index, reports, now, related=("indicators",))
        log(f"  {len(reports)} månadsrapporter")

    types = list(DocumentType.objects.all())
    topics = list(Topic.objects.all())
    bodies = list(DecisionBody.objects.all())
    municipalities = list(Municipality.objects.all())
    section_list = list(sections.values())
    levels = [Level.COUNTY, Level.SUBREGIONAL, Level.LOCAL]
    count = sizes["agreements"]
    created = Agreement.objects.bulk_create(
        (
            Agreement(
                title=f"Avtal {n + 1:05d} om {WORDS[n % len(WORDS)]} och {WORDS[n * 7 % 19]}",
                slug=f"stort-avtal-{n:05d}",
                document_type=types[n % len(types)],
                level=levels[n % 3],
                section=section_list[n % len(section_list)],
                parties="Västra Götalandsregionen och kommunerna",
                decided_by=bodies[n % len(bodies)],
                decided_on=today - timedelta(days=n % 3000),
                registration_number=f"VGR {2000 + n % 26}-{n:05d}",
                summary=sentence(n, 30),
                valid_from=today - timedelta(days=n % 2500),
                valid_to=today + timedelta(days=n % 400) if n % 5 == 0 else None,
                review_by=today + timedelta(days=n % 300) if n % 4 == 0 else None,
                live=True,
                first_published_at=now - timedelta(minutes=n),
                last_published_at=now - timedelta(minutes=n),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    Agreement.topics.through.objects.bulk_create(
        (
            Agreement.topics.through(agreement_id=a.pk, topic_id=topics[n % len(topics)].pk)
            for n, a in enumerate(created)
        ),
        batch_size=5000,
    )
    Agreement.municipalities.through.objects.bulk_create(
        (
            Agreement.municipalities.through(
                agreement_id=a.pk, municipality_id=municipalities[n % len(municipalities)].pk
            )
            for n, a in enumerate(created)
            if a.level == Level.LOCAL
        ),
        batch_size=5000,
    )
    chained = []
    for n, agreement in enumerate(created):
        if 0 < n % sizes["chain_every"] < sizes["chain_length"]:
            agreement.replaces_id = created[n - 1].pk
            chained.append(agreement)
    Agreement.objects.bulk_update(chained, ["replaces"], batch_size=2000)
    log(f"  {count} avtal, {len(chained) + len(chained) // (sizes['chain_length'] - 1)} i kedjor")

    Document = get_document_model()
    attachments = []
    for n in range(sizes["documents"]):
        title = f"Avtalsdokument {n + 1} om {WORDS[n % len(WORDS)]}"
        document = Document(title=title)
        paragraphs = [sentence(n + k, 40) for k in range(6)]
        document.file.save(
            f"stort-avtal-{n}.pdf", ContentFile(make_pdf(title, paragraphs)), save=False
        )
        document.file_size = len(document.file)
        document.save()
        attachments.append(
            AgreementAttachment(
                agreement=created[n * (count // sizes["documents"])],
                document=document,
                sort_order=0,
            )
        )
    AgreementAttachment.objects.bulk_create(attachments)
    log(f"  {len(attachments)} PDF-dokument")
    return count
