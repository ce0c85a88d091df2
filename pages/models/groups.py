import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.blocks import RICH_TEXT_FEATURES

from .mixins import BasePage, ReviewedMixin


class GroupPage(ReviewedMixin, BasePage):
    """A collaboration body that meets (samverkansorgan): who is in it, what it decides,
    when it meets and what it has minuted.

    Members, meetings and documents are child rows (InlinePanel) rather than free text so
    the page can show upcoming meetings first and the stale-content report can find groups
    whose meeting list has run out.
    """

    class GroupType(models.TextChoices):
        POLITICAL = "politiskt_samrad", "Politiskt samråd"
        MANAGEMENT = "ledningsgrupp", "Ledningsgrupp"
        STEERING = "styrgrupp", "Styrgrupp"
        PREPARATORY = "beredningsgrupp", "Beredningsgrupp"
        COORDINATION = "samordningsgrupp", "Samordningsgrupp"
        WORKING_COMMITTEE = "arbetsutskott", "Arbetsutskott"
        THEME = "temagrupp", "Temagrupp"
        WORKING_GROUP = "arbetsgrupp", "Arbetsgrupp"
        LOCAL = "narvardsgrupp", "Närvårds-/närområdesgrupp"

    group_type = models.CharField("Typ av grupp", max_length=30, choices=GroupType.choices)
    intro = models.TextField("Ingress", max_length=600, help_text="Kort om vad gruppen gör.")
    mandate = RichTextField(
        "Uppdrag",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Gruppens uppdrag och mandat: vad den får besluta och vad den bereder.",
    )
    meeting_frequency = models.CharField(
        "Mötesfrekvens", max_length=100, blank=True, help_text="T.ex. ”Fyra gånger per år”."
    )
    contact = models.ForeignKey(
        "pages.Contact",
        verbose_name="Kontaktperson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("group_type"),
        FieldPanel("intro"),
        FieldPanel("mandate"),
        FieldPanel("contact"),
        InlinePanel("members", label="Ledamot", heading="Ledamöter"),
        MultiFieldPanel(
            [FieldPanel("meeting_frequency"), InlinePanel("meetings", label="Möte")],
            heading="Möten",
        ),
        InlinePanel("documents", label="Dokument", heading="Protokoll och dokument"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("mandate"),
        index.FilterField("group_type"),
    ]

    parent_page_types = ["pages.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "grupp"
        verbose_name_plural = "grupper"

    @cached_property
    def upcoming_and_past_meetings(self):
        """Upcoming meetings (soonest first) and past ones (most recent first)."""
        today = timezone.localdate()
        meetings = sorted(
            self.meetings.all(), key=lambda m: (m.date, m.start_time or datetime.time.min)
        )
        upcoming = [m for m in meetings if m.date >= today]
        return upcoming, [m for m in reversed(meetings) if m.date < today]

    @property
    def upcoming_meetings(self):
        return self.upcoming_and_past_meetings[0]

    @property
    def past_meetings(self):
        return self.upcoming_and_past_meetings[1]

    @property
    def group_documents(self):
        return self.documents.select_related("document")


class GroupMember(Orderable):
    page = ParentalKey(GroupPage, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("Namn", max_length=200)
    represents = models.CharField(
        "Representerar", max_length=200, help_text="T.ex. ”Uddevalla kommun” eller ”NU-sjukvården”."
    )
    role = models.CharField(
        "Roll", max_length=100, blank=True, help_text="T.ex. Ordförande, Ledamot, Sekreterare."
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("represents"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = "ledamot"
        verbose_name_plural = "ledamöter"

    def __str__(self):
        return self.name


class GroupMeeting(models.Model):
    page = ParentalKey(GroupPage, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField("Datum")
    start_time = models.TimeField("Starttid", null=True, blank=True)
    end_time = models.TimeField("Sluttid", null=True, blank=True)
    place = models.CharField("Plats", max_length=200, blank=True)
    note = models.CharField("Anteckning", max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("place"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "möte"
        verbose_name_plural = "möten"
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place}".strip()

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "Sluttiden måste vara senare än starttiden."})


class GroupDocument(Orderable):
    class Kind(models.TextChoices):
        MINUTES = "protokoll", "Protokoll"
        NOTES = "minnesanteckningar", "Minnesanteckningar"
        AGENDA = "dagordning", "Dagordning"
        OTHER = "ovrigt", "Övrigt dokument"

    page = ParentalKey(GroupPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Dokument", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("Typ", max_length=30, choices=Kind.choices, default=Kind.MINUTES)
    meeting_date = models.DateField("Mötesdatum", null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("document"), FieldPanel("kind"), FieldPanel("meeting_date")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = "dokument"
        verbose_name_plural = "dokument"


def is_group(page):
    """Whether ``page`` (specific or not) is a group: publishing one changes the
    organisation chart, which is part of the site's structure (``pages.apps``)."""
    return page.content_type_id == ContentType.objects.get_for_model(GroupPage).id
