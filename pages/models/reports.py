"""Kommun-FVM monthly status reports (lägesrapporter).

The municipalities' project inside VGR's programme for a new health information environment
reports to the programme once a month: what happened ("Summering <månad>") and what comes
next ("Planering <nästa månad>"). One page per month under a report index, which shows the
newest report in full, an archive by year and an Atom feed.
"""

import datetime
import itertools
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.visibility import public_q
from pages.blocks import RICH_TEXT_FEATURES

from .mixins import BasePage

# Swedish month names, lower case as Swedish writes them in running text. Kept here rather
# than taken from the active locale so headings, titles and the feed read the same whatever
# language a request (or a management command) happens to run in.
SWEDISH_MONTHS = (
    "januari februari mars april maj juni juli augusti september oktober november december"
).split()

FEED_ITEMS = 20


def first_of_month(date):
    return date.replace(day=1)


def next_month(date):
    """The first day of the month after ``date`` (December rolls over to January)."""
    return datetime.date(date.year + date.month // 12, date.month % 12 + 1, 1)


def month_name(date):
    return SWEDISH_MONTHS[date.month - 1]


def month_label(date):
    """E.g. "mars 2026"."""
    return f"{month_name(date)} {date.year}"


class ArchivedReport(NamedTuple):
    """A report as the index's archive lists it."""

    pk: int
    url: str
    report_month: datetime.date

    @property
    def month_label(self):
        return month_label(self.report_month)


def default_title(month):
    return f"Lägesrapport {month_label(month)}"


def default_slug(month):
    # Only ASCII in slugs (WAGTAIL_ALLOW_UNICODE_SLUGS is off); every month name is ASCII.
    return f"{month_name(month)}-{month.year}"


class MonthInput(forms.DateInput):
    """A native month picker (``<input type="month">``); browsers without one show a text
    field that accepts the same ÅÅÅÅ-MM value."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "ÅÅÅÅ-MM", **(attrs or {})}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, stored as the first day of that month."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Ange månaden som år och månad, t.ex. 2026-04."}

    def to_python(self, value):
        value = super().to_python(value)
        return first_of_month(value) if value else value


class StatusReportQuerySet(PageQuerySet):
    def published(self):
        """Reports a visitor may see: live, not behind a view restriction, not scheduled for
        later and not expired.

        Wagtail keeps a scheduled page unpublished until ``publish_scheduled`` runs, but a
        report saved with a future go-live time must never leak into lists or the feed
        even if it was made live by other means, so the times are checked here too.
        """
        now = timezone.now()
        return (
            self.live()
            .filter(public_q())
            .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        )


StatusReportManager = PageManager.from_queryset(StatusReportQuerySet)


def siblings_for_month(parent_path, depth, month, exclude_pk=None):
    """Reports (published or not) with the given month under the index at ``parent_path``."""
    reports = StatusReportPage.objects.filter(
        path__startswith=parent_path, depth=depth, report_month=month
    )
    if exclude_pk:
        reports = reports.exclude(pk=exclude_pk)
    return reports


def duplicate_month_message(month, index_title):
    return (
        f"Det finns redan en lägesrapport för {month_label(month)} i {index_title}. "
        "Välj en annan månad eller redigera den befintliga rapporten."
    )


class StatusReportIndexPage(RoutablePageMixin, BasePage):
    """The home of one series of monthly reports (the demo has Kommun-FVM under Länsnivå).

    It shows the newest published report in full, so a visitor who comes for "what is the
    status now?" needs no further click, then an archive of every month by year for
    transparency. The Atom feed is a sub-URL of this page (routable page), so the feed
    follows the page if an editor moves or renames it.
    """

    intro = models.TextField(
        "Ingress",
        max_length=600,
        blank=True,
        help_text="Ett par meningar om projektet och om vem som skriver rapporterna.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["pages.SectionPage"]
    subpage_types = ["pages.StatusReportPage"]

    class Meta:
        verbose_name = "lägesrapportlista"
        verbose_name_plural = "lägesrapportlistor"

    @cached_property
    def reports(self):
        """This index's published reports, newest month first, as the archive lists them:
        plain values, each report's address this page's plus its slug (one page object per
        report cost more than the rest of the page with twenty years of reports)."""
        rows = (
            StatusReportPage.objects.published()
            .child_of(self)
            .order_by("-report_month")
            .values_list("pk", "slug", "report_month")
        )
        base = self.url
        return [ArchivedReport(pk, f"{base}{slug}/", month) for pk, slug, month in rows]

    @cached_property
    def latest_report(self):
        """The newest published report in full (author and indicators), or None."""
        if not self.reports:
            return None
        return (
            StatusReportPage.objects.select_related("author")
            .prefetch_related("indicators")
            .get(pk=self.reports[0].pk)
        )

    @property
    def archive_by_year(self):
        """The reports by year, newest first: [(2026, [...]), (2025, [...])]."""
        by_year = itertools.groupby(self.reports, key=lambda report: report.report_month.year)
        return [(year, list(reports)) for year, reports in by_year]

    @path("flode/", name="feed")
    def feed(self, request):
        from pages.feeds import StatusReportFeed

        return StatusReportFeed(self)(request)


class StatusReportPageForm(WagtailAdminPageForm):
    """Admin form: the month as a month picker, and the one-report-per-month rule checked
    against the parent index so the editor sees the message on the month field at once."""

    report_month = MonthField(
        label="Rapportmånad",
        help_text="Den månad rapporten sammanfattar, t.ex. 2026-03 för ”Summering mars”. "
        "Varje månad kan bara ha en rapport.",
    )

    def clean_report_month(self):
        month = self.cleaned_data.get("report_month")
        parent = self.parent_page
        if month and parent is not None:
            duplicates = siblings_for_month(
                parent.path, parent.depth + 1, month, exclude_pk=self.instance.pk
            )
            if duplicates.exists():
                raise ValidationError(duplicate_month_message(month, parent.title))
        return month


class StatusReportCopyForm(CopyForm):
    """Copying a report (e.g. last month's as a starting point) must not put two reports
    for one month in the same index: refused here with a message instead of failing on
    save. The copy keeps its month, so copy to another index or change the month after
    copying elsewhere."""

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        month = self.page.specific_deferred.report_month
        if parent is not None and siblings_for_month(parent.path, parent.depth + 1, month).exists():
            self.add_error(
                "new_parent_page",
                f"{parent.title} har redan en lägesrapport för {month_label(month)}. "
                "Skapa en ny rapport för nästa månad i stället, eller välj en annan "
                "överordnad sida.",
            )
        return cleaned_data


class StatusReportPage(RoutablePageMixin, BasePage):
    """One month's report: a summary of the month and the plan for the next.

    The month is a date (always the first of the month) rather than free text so that the
    headings, the ordering, the archive by year, previous/next and the one-report-per-month
    rule all come from one value. The rule is checked in the admin form (a message on the
    field) and again whenever the page is saved, drafts included, for reports created in
    code. It is not a database
    constraint because "the same index" is a tree position, not a column.
    """

    report_month = models.DateField(
        "Rapportmånad",
        help_text="Den månad rapporten sammanfattar. Lagras som månadens första dag.",
    )
    summary = RichTextField(
        "Summering",
        features=RICH_TEXT_FEATURES,
        help_text="Vad som hänt under månaden. Rubriken ”Summering <månad>” skapas automatiskt.",
    )
    plan = RichTextField(
        "Planering",
        features=RICH_TEXT_FEATURES,
        help_text="Vad som planeras nästa månad. Rubriken ”Planering <nästa månad>” skapas "
        "automatiskt.",
    )
    author = models.ForeignKey(
        "pages.Contact",
        verbose_name="Rapportör",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Den som skriver rapporten, t.ex. projektledaren. Visas med kontaktuppgifter.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("report_month"),
        FieldPanel("summary"),
        FieldPanel("plan"),
        FieldPanel("author"),
        InlinePanel(
            "indicators",
            label="Statusindikator",
            heading="Status",
            help_text="Valfritt: en rad per område, t.ex. Tidplan, Resurser och Samverkan.",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("plan"),
        index.FilterField("report_month"),
    ]
    base_form_class = StatusReportPageForm
    copy_form_class = StatusReportCopyForm

    parent_page_types = ["pages.StatusReportIndexPage"]
    subpage_types = []

    objects = StatusReportManager()

    class Meta:
        verbose_name = "lägesrapport"
        verbose_name_plural = "lägesrapporter"

    # -- derived texts ------------------------------------------------------------------

    @property
    def month_name(self):
        return month_name(self.report_month)

    @property
    def month_label(self):
        return month_label(self.report_month)

    @property
    def summary_heading(self):
        return f"Summering {month_name(self.report_month)}"

    @property
    def plan_heading(self):
        return f"Planering {month_name(next_month(self.report_month))}"

    @property
    def meta_description(self):
        """For search engines and link previews: the series (the index's title), the month and
        the start of the summary."""
        if self.search_description:
            return self.search_description
        summary = " ".join(strip_tags(self.summary or "").split())
        return f"{self.site_ancestors[-1].title} {self.month_label}. {summary}".strip()

    # -- rules --------------------------------------------------------------------------

    def clean(self):
        super().clean()
        self._check_month_is_unique()

    def minimal_clean(self):
        # Wagtail validates drafts only minimally; a draft still occupies its month.
        super().minimal_clean()
        self._check_month_is_unique()

    def _check_month_is_unique(self):
        if self.report_month:
            self.report_month = first_of_month(self.report_month)
        # A page gets its tree path only when it is added to the tree; the admin form has
        # already checked a new page against its parent by then.
        if self.report_month and self.path and self.depth:
            parent_path = self.path[: -self.steplen]
            if siblings_for_month(parent_path, self.depth, self.report_month, self.pk).exists():
                parent = Page.objects.filter(path=parent_path).only("title").first()
                raise ValidationError(
                    {
                        "report_month": duplicate_month_message(
                            self.report_month, parent.title if parent else "listan"
                        )
                    }
                )

    def prefill_for(self, index_page, today=None):
        """Defaults for a new report: the month after the newest one, a title and slug
        from that month, and the newest report's author (the project manager rarely
        changes from one month to the next). Drafts count: a draft occupies its month."""
        latest = (
            StatusReportPage.objects.child_of(index_page)
            .order_by("-report_month")
            .values_list("report_month", "author_id")
            .first()
        )
        if latest is None:
            month = first_of_month(today or timezone.localdate())
        else:
            month = next_month(latest[0])
            self.author_id = latest[1]
        self.report_month = month
        self.title = default_title(month)
        self.slug = default_slug(month)
        return self

    # -- public page --------------------------------------------------------------------

    def route(self, request, path_components):
        # A report made live with a go-live time still ahead stays hidden, like in lists
        # (its PDF too).
        now = timezone.now()
        if (self.go_live_at and self.go_live_at > now) or (
            self.expire_at and self.expire_at <= now
        ):
            raise Http404
        return super().route(request, path_components)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        """The accessible PDF of the report (pages.pdf)."""
        from django.core.files.storage import default_storage
        from django.http import FileResponse

        from pages.pdf import status_report_pdf_path

        return FileResponse(
            default_storage.open(status_report_pdf_path(self)),
            content_type="application/pdf",
            filename=f"{self.slug}.pdf",
        )

    @cached_property
    def previous_and_next(self):
        """(previous, next) published reports of the same index by month, from the index's
        archive (one query of plain values; the index is the last of the breadcrumbs)."""
        reports = self.report_index.reports  # newest first
        earlier = [r for r in reports if r.report_month < self.report_month]
        later = [r for r in reports if r.report_month > self.report_month]
        return (earlier[0] if earlier else None, later[-1] if later else None)

    @cached_property
    def report_index(self):
        """Reports live only under a report index (parent_page_types): the last ancestor,
        loaded with the breadcrumbs' query."""
        return self.site_ancestors[-1].specific_deferred

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = context["report_index"] = self.report_index
        context["feed_url"] = index.get_url(request) + index.reverse_subpage("feed")
        return context


class StatusIndicator(Orderable):
    """One line of the optional status table (area + status), e.g. "Tidplan: Risk".

    A fixed set of three statuses so that readers can compare months; each is rendered as
    its word next to the colour, so the colour is never the only carrier of meaning.
    """

    class Status(models.TextChoices):
        ON_TRACK = "enligt_plan", "Enligt plan"
        RISK = "risk", "Risk"
        DEVIATION = "avvikelse", "Avvikelse"

    page = ParentalKey(StatusReportPage, on_delete=models.CASCADE, related_name="indicators")
    area = models.CharField("Område", max_length=60, help_text="T.ex. Tidplan, Resurser.")
    status = models.CharField(
        "Status", max_length=20, choices=Status.choices, default=Status.ON_TRACK
    )
    comment = models.CharField(
        "Kommentar", max_length=200, blank=True, help_text="Valfri kort förklaring."
    )

    panels = [
        FieldRowPanel([FieldPanel("area"), FieldPanel("status")]),
        FieldPanel("comment"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "statusindikator"
        verbose_name_plural = "statusindikatorer"

    def __str__(self):
        return f"{self.area}: {self.get_status_display()}"
