"""Sending goes through Django's tasks framework: the request or the cron command only
queues the work, the ``db_worker`` sends (immediately in development and tests).

Task arguments hold ids, topic keys and timestamps, never an e-mail address, so the task
queue table holds no personal data; the address is read when the mail is sent.
"""

import datetime

from django.db import transaction
from django.tasks import task

from .digest import collect
from .emails import confirmation_message, digest_message, site_base_url
from .models import Subscriber


@task
def send_confirmation(subscriber_id, keys, base_url):
    """The double opt-in mail with the signed confirmation link."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return 0
    return confirmation_message(subscriber, keys, base_url).send()


@task
def send_digest(subscriber_id, until):
    """One subscriber's digest of what was published after their last one, up to ``until``.

    The new "last digest" time is saved in the same transaction as the mail is sent: if
    sending fails, nothing is marked as sent and the next run covers the same window; if
    the task runs twice, the second finds the window empty and sends nothing.
    """
    until = datetime.datetime.fromisoformat(until)
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.confirmed().select_for_update().filter(pk=subscriber_id).first()
        )
        if subscriber is None:
            return 0
        since = subscriber.last_digest_at or subscriber.confirmed_at
        if since >= until:
            return 0
        groups = collect(subscriber, since, until)
        subscriber.last_digest_at = until
        subscriber.save(update_fields=["last_digest_at"])
        if not groups:
            return 0
        return digest_message(subscriber, groups, since, site_base_url()).send()
