"""``manage.py send_digests``: queue today's digest for every confirmed subscriber.

Run once a day by cron (see docs/operations-personal-data.md). Each subscriber gets what
was published in what they follow since their previous digest, or no mail at all if
nothing was. The mail itself is sent by a background task per subscriber.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import Subscriber
from subscriptions.tasks import send_digest


class Command(BaseCommand):
    help = "Köar dagens sammanfattning till alla bekräftade prenumeranter."

    def handle(self, *args, **options):
        until = timezone.now().isoformat()
        ids = list(Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True))
        for subscriber_id in ids:
            send_digest.enqueue(subscriber_id, until)
        self.stdout.write(f"Köade sammanfattningar till {len(ids)} prenumeranter.")
