"""Demo content for ``setup_site --demo``: groups, news, content pages, contacts and site
settings from ``data/content.toml``.

Like the structure setup, it only adds what is missing, so it is safe to re-run and never
overwrites what an editor has changed.
"""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from pages.models import (
    AccessibilityStatementPage,
    Contact,
    ContentPage,
    GroupDocument,
    GroupMeeting,
    GroupMember,
    GroupPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionContact,
    SectionPage,
    SiteSettings,
)
from pages.setup import add_child

from .data import load
from .image import care_chain_png
from .pdf import make_pdf
from .reports import build_status_reports
from .survey import build_survey

COUNTY = "Länsnivå"


def fictional_people(names):
    """An endless, deterministic stream of fictional names (no real person intended)."""
    first, last = names["first"].split(), names["last"].split()
    for i in itertools.count():
        yield f"{first[i % len(first)]} {last[(5 * i + i // len(first)) % len(last)]}"


def email_for(name):
    local = name.lower().replace(" ", ".").replace("å", "a").replace("ä", "a").replace("ö", "o")
    return f"{local}@example.org"


def pdf_document(title, paragraphs, report):
    """A document holding a generated PDF with the given text (found by title if it exists)."""
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title)
    pdf = ContentFile(make_pdf(title, paragraphs))
    document.file.save(f"{slugify(title)[:60]}.pdf", pdf, save=False)
    document.file_size = len(document.file)
    document.save()
    report.add("dokument", title)
    return document


def illustration(title, report):
    """The care chain illustration as an image (found by title if it exists)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    png = ImageFile(io.BytesIO(care_chain_png()), name=f"{slugify(title)[:60]}.png")
    image = Image(title=title, file=png)
    image.save()
    report.add("bild", title)
    return image


class DemoBuilder:
    """Builds the demo content; remembers what it created for the command's report."""

    def __init__(self, report, today=None):
        self.report = report
        self.today = today or timezone.localdate()
        self.data = load("content")
        self.people = fictional_people(self.data["names"])
        self.contact_number = itertools.count()
        self.news_number = itertools.count()
        self.minutes_number = itertools.count()

    # -- helpers --------------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        add_child(parent, page)
        self.report.add(model._meta.verbose_name, page.title)
        return page

    def contact(self, role, organisation):
        existing = Contact.objects.filter(role=role, organisation=organisation).first()
        if existing:
            return existing
        name = next(self.people)
        self.report.add("kontaktperson", name)
        return Contact.objects.create(
            name=name,
            role=role,
            organisation=organisation,
            email=email_for(name),
            phone=f"070-174 06 {5 + next(self.contact_number) % 95:02d}",
        )

    def weekday_near(self, offset_days):
        """A Tuesday near today + offset: meetings happen on working days."""
        date = self.today + datetime.timedelta(days=offset_days)
        return date + datetime.timedelta(days=(1 - date.weekday()) % 7)

    def stream(self, body):
        """StreamField data from a ``body`` list (see the head of content.toml)."""
        blocks = []
        for item in body:
            if isinstance(item, str) and item.startswith("## "):
                blocks.append(("heading", {"text": item[3:], "level": "h2"}))
            elif isinstance(item, str):
                blocks.append(("paragraph", item))
            elif "image" in item:
                image = {"image": illustration(item["image"], self.report), "alt": item["alt"]}
                blocks.append(("image", image | {"decorative": False, "caption": ""}))
            elif "callout" in item:
                callout = {"kind": item["callout"], "title": item["title"], "text": item["text"]}
                blocks.append(("callout", callout))
            else:
                table = {
                    "table_caption": item["table"],
                    "table_header_choice": "row",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": item["rows"],
                    "cell": [],
                    "mergeCells": [],
                }
                blocks.append(("table", table))
        return blocks

    # -- content --------------------------------------------------------------------------

    def build(self):
        home = HomePage.objects.first()
        sections = {s.short_name: s for s in SectionPage.objects.child_of(home)}
        communicator = self.contact(*self.data["site"]["communicator"])
        for spec in self.data["section"]:
            if spec["name"] in sections:
                self.build_section(sections[spec["name"]], spec)
        about_pages = self.build_about(home)
        self.build_site_settings(communicator, about_pages)
        build_status_reports(sections.get(COUNTY), self.report)
        build_survey(home, self.report, communicator)

    def build_section(self, section, spec):
        contact = self.contact(*spec["contact"])
        if not section.contacts.exists():
            SectionContact.objects.create(page=section, contact=contact, sort_order=0)
        for index, group in enumerate(spec["group"]):
            self.build_group(section, group, contact, with_minutes=index < 2)
        for page in spec.get("page", []):
            self.content_page(section, page, reviewed_days_ago=40)
        if not spec.get("news"):
            return
        news_index = self.child(
            section,
            NewsIndexPage,
            "nyheter",
            title=f"Nyheter från {section.short_name}",
            intro=f"Aktuellt från samverkan i {section.short_name}.",
        )
        for news in spec["news"]:
            self.child(
                news_index,
                NewsPage,
                slugify(news["title"])[:80].strip("-"),
                title=news["title"],
                intro=news["intro"],
                date=self.today - datetime.timedelta(days=3 + 9 * next(self.news_number)),
                body=[
                    (
                        "paragraph",
                        f"<p>{news['intro']} Mer information lämnas av kontaktpersonen för "
                        "sektionen.</p>",
                    )
                ],
            )

    def build_group(self, section, spec, contact, with_minutes):
        if section.get_children().filter(slug=spec["slug"]).exists():
            return
        group = GroupPage(
            title=spec["title"],
            slug=spec["slug"],
            group_type=GroupPage.GroupType(spec["type"]),
            intro=spec["intro"],
            mandate=spec["mandate"],
            meeting_frequency=spec["frequency"],
            contact=contact,
            last_reviewed=self.today - datetime.timedelta(days=60),
        )
        group.members = [
            GroupMember(name=next(self.people), represents=represents, role=role)
            for represents, role in spec["members"]
        ]
        dates = [self.weekday_near(offset) for offset in (-150, -60, 21, 98)]
        group.meetings = [
            GroupMeeting(
                date=date,
                start_time=datetime.time(9, 0),
                end_time=datetime.time(12, 0),
                place=spec["place"],
            )
            for date in dates
        ]
        if with_minutes:
            group.documents = [
                GroupDocument(
                    document=self.minutes(spec, date),
                    kind=GroupDocument.Kind.MINUTES,
                    meeting_date=date,
                )
                for date in dates[:2]
            ]
        add_child(section, group)
        self.report.add("grupp", group.title)

    def minutes(self, group, date):
        """A meeting's minutes: the opening, three agenda items (the next three in turn, so
        no two meetings in a row discuss the same things) and the closing, numbered."""
        spec = self.data["minutes"]
        items = spec["items"]
        first = 3 * next(self.minutes_number)
        agenda = [items[(first + n) % len(items)] for n in range(3)]
        header, *opening = [
            line.format(title=group["title"], date=date, place=group["place"])
            for line in spec["opening"]
        ]
        body = opening[1:] + [" ".join(item.split()) for item in agenda] + spec["closing"][:1]
        paragraphs = [header, opening[0]] + [
            f"Paragraf {number}. {text}" for number, text in enumerate(body, start=1)
        ]
        paragraphs.append(f"Paragraf {len(body) + 1}. {spec['closing'][-1]}")
        title = f"Protokoll {date}, {group['title'].split(' – ')[0]}"
        return pdf_document(title, paragraphs, self.report)

    def build_about(self, home):
        """The page about the website and its subpages, by the site setting naming each."""
        spec = self.data["about"]
        about = self.content_page(home, spec)
        return {
            page["setting"]: (
                self.statement_page(about, page)
                if page.get("statement")
                else self.content_page(about, page)
            )
            for page in spec["page"]
        }

    def statement_page(self, parent, spec):
        return self.child(
            parent,
            AccessibilityStatementPage,
            spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            feedback_email=spec["feedback_email"],
            feedback_phone=spec["feedback_phone"],
            assessed_on=self.today - datetime.timedelta(days=spec["assessed_days_ago"]),
            site_published_on=spec["site_published_on"],
        )

    def content_page(self, parent, spec, reviewed_days_ago=0):
        return self.child(
            parent,
            ContentPage,
            spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            body=self.stream(spec["body"]),
            last_reviewed=self.today - datetime.timedelta(days=reviewed_days_ago),
        )

    def build_site_settings(self, communicator, about_pages):
        """Fill the site settings' empty fields; never overwrite what an editor has set."""
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        values = {
            name: value for name, value in self.data["site"].items() if name != "communicator"
        }
        values["communicator"] = communicator
        values.update(about_pages)
        empty = [
            name
            for name in values
            if not getattr(settings, SiteSettings._meta.get_field(name).attname)
        ]
        for name in empty:
            setattr(settings, name, values[name])
        if empty:
            settings.save()


def build_demo(report):
    DemoBuilder(report).build()
