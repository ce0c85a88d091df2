"""Background work of the agreement register, run by the task worker (Django's tasks
framework; ``db_worker`` in production, at once in development and tests): revision
reminders and the accessible PDF of a newly published agreement."""

import datetime

from django.tasks import task


@task
def send_review_reminders(today):
    """The revision reminders due on ``today`` (an ISO date): see agreements.reminders."""
    from .reminders import send_reminders

    sent = send_reminders(datetime.date.fromisoformat(today))
    return {str(kind): count for kind, count in sent.items()}


@task()
def make_agreement_pdf(agreement_id):
    """Make the accessible PDF of a newly published agreement's web version."""
    from .models import Agreement
    from .pdf import agreement_pdf_path

    agreement = Agreement.objects.public().filter(pk=agreement_id).first()
    if agreement is None or not agreement.body:
        return None
    return agreement_pdf_path(agreement)


def agreement_published(sender, instance, **kwargs):
    if instance.body:
        make_agreement_pdf.enqueue(instance.pk)


def connect():
    from wagtail.signals import published

    from .models import Agreement

    published.connect(agreement_published, sender=Agreement, dispatch_uid="agreements.pdf")
