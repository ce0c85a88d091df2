"""``manage.py delete_unconfirmed_subscribers``: forget addresses nobody confirmed.

Run daily by cron. An address that was not confirmed within the lifetime of its
confirmation link (three days) is deleted, so an address typed by someone else, or by
mistake, is not kept.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import Subscriber
from subscriptions.tokens import CONFIRM_MAX_AGE_DAYS


class Command(BaseCommand):
    help = f"Raderar e-postadresser som inte bekräftats inom {CONFIRM_MAX_AGE_DAYS} dygn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara hur många som skulle raderas."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - datetime.timedelta(days=CONFIRM_MAX_AGE_DAYS)
        stale = Subscriber.objects.unconfirmed().filter(requested_at__lt=cutoff)
        count = stale.count()
        if dry_run:
            self.stdout.write(f"Skulle radera {count} obekräftade adresser.")
        else:
            stale.delete()
            self.stdout.write(f"Raderade {count} obekräftade adresser.")
