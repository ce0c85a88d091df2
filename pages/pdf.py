"""The accessible PDF of a monthly status report, like ``agreements.pdf`` for agreements:
made with ``core.documents`` from the report's own fields (title as the level-1 heading,
summary, plan and status table under level-2 headings), kept in storage per text, made by
the task worker on publication or by the first request."""

from django.tasks import task
from django.template.loader import render_to_string

from core.documents import stored_pdf

FOLDER = "tillganglig-pdf/lagesrapporter"


def status_report_pdf_path(report):
    html = render_to_string(
        "pdf/status_report.html",
        {
            "page": report,
            "report_index": report.get_parent(),
            "pdf_title": report.title,
            "page_url": report.get_full_url(),
        },
    )
    return stored_pdf(FOLDER, str(report.pk), html)


@task()
def make_status_report_pdf(page_id):
    from .models import StatusReportPage

    report = StatusReportPage.objects.published().filter(pk=page_id).first()
    return status_report_pdf_path(report) if report else None


def report_published(sender, instance, **kwargs):
    make_status_report_pdf.enqueue(instance.pk)


def connect():
    from wagtail.signals import page_published

    from .models import StatusReportPage

    page_published.connect(report_published, sender=StatusReportPage, dispatch_uid="pages.pdf")
