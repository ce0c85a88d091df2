"""``manage.py delete_expired_survey_answers [--dry-run]``: the survey's retention period.

Run daily by cron (see docs/operations-personal-data.md). Each survey page says how many
days its answers (and reference-group e-mail addresses) are kept; older submissions are
deleted for good. Unpublished or draft survey pages are included: their answers expire too.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from pages.models import SurveyPage


def expired_submissions(now=None):
    """(page, queryset of its expired submissions) for every survey page."""
    now = now or timezone.now()
    for page in SurveyPage.objects.only("id", "title", "retention_days").order_by("path"):
        cutoff = now - datetime.timedelta(days=page.retention_days)
        yield page, FormSubmission.objects.filter(page_id=page.pk, submit_time__lt=cutoff)


class Command(BaseCommand):
    help = "Raderar enkätsvar som är äldre än enkätens gallringstid."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara hur många svar som skulle raderas."
        )

    def handle(self, *args, dry_run=False, **options):
        total = 0
        with transaction.atomic():
            for page, submissions in expired_submissions():
                count = submissions.count() if dry_run else submissions.delete()[0]
                if count:
                    self.stdout.write(
                        f"{page.title}: {count} svar äldre än {page.retention_days} dagar"
                    )
                total += count
        verb = "Skulle radera" if dry_run else "Raderade"
        self.stdout.write(f"{verb} {total} enkätsvar.")
