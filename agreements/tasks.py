"""Background work of the register, run by the task worker (``db_worker``)."""

import datetime

from django.tasks import task


@task
def send_review_reminders(today):
    """The revision reminders due on ``today`` (an ISO date): see agreements.reminders."""
    from .reminders import send_reminders

    sent = send_reminders(datetime.date.fromisoformat(today))
    return {str(kind): count for kind, count in sent.items()}
