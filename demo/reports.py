"""The Kommun-FVM status reports of ``setup_site --demo``, from ``data/reports.toml``.

Only what is missing is added: the index is found by page type under the county section
and reports by month, never by slug, so a second run adds nothing and never overwrites an
editor's changes.
"""

import datetime

from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.models import Revision

from pages.models import Contact, StatusIndicator, StatusReportIndexPage, StatusReportPage
from pages.models.reports import default_slug, default_title, month_name, next_month
from pages.setup import add_child

from .data import load


def publication_time(month):
    """When a month's report was published: the first weekday from the 5th of the next
    month, 10:00 Swedish time (a report is written after the month it summarises)."""
    day = next_month(month).replace(day=5)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    published = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    return min(published, timezone.now())


def report_month(months_ago, today=None):
    """The first day of the month ``months_ago`` months before today's."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - months_ago
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_text(text, month):
    """The data's text with the report's month and the next one named."""
    name = month_name(month)
    return (
        text.replace("{month}", name)
        .replace("{Month}", name.capitalize())
        .replace("{next}", month_name(next_month(month)))
    )


def build_status_reports(county_section, report):
    """Add the Kommun-FVM index under the county section and the months it lacks."""
    if county_section is None:
        return
    data = load("reports")
    index = StatusReportIndexPage.objects.child_of(county_section).first()
    if index is None:
        index = add_child(county_section, StatusReportIndexPage(**data["index"]))
        report.add(StatusReportIndexPage._meta.verbose_name, index.title)
    manager = data["project_manager"]
    author = Contact.objects.filter(
        role=manager["role"], organisation=manager["organisation"]
    ).first()
    if author is None:
        author = Contact.objects.create(**manager)
        report.add("kontaktperson", author.name)
    existing = set(StatusReportPage.objects.child_of(index).values_list("report_month", flat=True))
    for spec in data["report"]:
        month = report_month(spec["months_ago"])
        if month in existing:
            continue
        page = StatusReportPage(
            title=default_title(month),
            slug=find_available_slug(index, default_slug(month)),
            report_month=month,
            summary=month_text(spec["summary"], month),
            plan=month_text(spec["plan"], month),
            author=author,
        )
        page.indicators = [
            StatusIndicator(
                area=area,
                status=StatusIndicator.Status(status),
                comment=month_text(comment, month),
            )
            for area, status, comment in spec["indicators"]
        ]
        add_child(index, page)
        # Backdate the publication so "Senast publicerad" and the feed read as a real
        # monthly series rather than six reports published the moment setup ran.
        published = publication_time(month)
        StatusReportPage.objects.filter(pk=page.pk).update(
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
        )
        Revision.objects.filter(pk=page.latest_revision_id).update(created_at=published)
        report.add(StatusReportPage._meta.verbose_name, page.title)
