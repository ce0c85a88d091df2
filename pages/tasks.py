"""Background work of the pages app (Django's tasks framework).

The e-mail to the kommunikatör about a new survey answer is sent from a task, so a slow or
unavailable mail server never delays or breaks the visitor's submission: in production the
``db_worker`` sends it (and retries are visible in the task table); in development and
tests the task runs at once.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.contrib.forms.models import FormSubmission


def _format_value(value):
    if value is True:
        return "Ja"
    if value is False or value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    return str(value)


def survey_notification_message(submission):
    """The e-mail about one submission: every answer under its question."""
    page = submission.page.specific
    lines = [
        f"Ett nytt svar har kommit in på enkäten ”{page.title}”, "
        f"{date_format(timezone.localtime(submission.submit_time), 'Y-m-d H:i')}.",
        "",
    ]
    for name, label in page.get_data_fields():
        if name == "submit_time":
            continue
        lines.append(str(label))
        lines.append(f"  {_format_value(submission.form_data.get(name))}")
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    lines += [
        "",
        f"Alla svar finns i administrationen: {admin_url}",
        f"Svaren raderas automatiskt {page.retention_days} dagar efter att de skickats in.",
    ]
    return EmailMessage(
        subject=page.subject or f"Nytt svar på enkäten ”{page.title}”",
        body="\n".join(lines),
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=page.notification_recipients(),
        headers={"Auto-Submitted": "auto-generated"},
    )


@task
def send_survey_notification(submission_id):
    """E-mail the kommunikatör about one survey submission (if it still exists)."""
    submission = FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return 0
    message = survey_notification_message(submission)
    if not message.to:
        return 0
    return message.send()
