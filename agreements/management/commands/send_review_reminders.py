"""``manage.py send_review_reminders``: queue today's revision reminders (daily cron).

The task worker sends them (agreements.reminders): the section's editors before and after
"Revideras senast", the kommunikatör a weekly summary; nothing is sent twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Köar dagens påminnelser om avtal som ska revideras."

    def handle(self, *args, **options):
        today = timezone.localdate().isoformat()
        send_review_reminders.enqueue(today)
        self.stdout.write(f"Påminnelser för {today} är köade.")
