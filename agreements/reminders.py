"""Revision reminders by e-mail.

The owning section's editors are reminded ``AGREEMENT_REVIEW_REMINDER_DAYS`` days before an
agreement's "Revideras senast" and again once that date has passed; the kommunikatör gets a
weekly summary of everything due. ``manage.py send_review_reminders`` (daily cron) queues
the work for the task worker, which calls ``send_reminders``.

Every reminder is recorded in ``ReminderSent`` with the date it is about, in the same
transaction as the mail is sent: a reminder is never sent twice for the same date (a
second run, or two workers, find the record), and a failed send records nothing, so the
next run tries again. A new review date gives new reminders.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format

from pages.permissions import KOMMUNIKATOR, editor_group_for

from .models import Agreement, ReminderSent, Stage, Status

Kind = ReminderSent.Kind


def reminder_days():
    return settings.AGREEMENT_REVIEW_REMINDER_DAYS


def _addresses(users):
    return sorted({u.email for u in users.filter(is_active=True).exclude(email="")})


def kommunikator_addresses():
    return _addresses(get_user_model().objects.filter(groups__name=KOMMUNIKATOR))


def editor_addresses(section):
    """The section's editors; the kommunikatör when the section has none with an address,
    so that a reminder never goes nowhere."""
    group = editor_group_for(section)
    users = get_user_model().objects.filter(groups=group) if group else None
    return (_addresses(users) if users is not None else []) or kommunikator_addresses()


def admin_url(agreement):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("wagtailsnippets_agreements_agreement:edit", args=[agreement.pk])


def reviewable(today):
    """Published, decided agreements with a review date that still apply or will."""
    return (
        Agreement.objects.public()
        .filter(stage=Stage.DECIDED, review_by__isnull=False)
        .with_status(today)
        .exclude(status_code__in=[Status.REPLACED, Status.EXPIRED])
        .select_related("section")
        .order_by("review_by", "title")
    )


class NothingToSend(Exception):
    """Nobody to send to, or nothing in the summary: record nothing."""


def _record_and_send(agreement, kind, about, build):
    """Record the reminder and send it in one transaction; False if it was sent before
    or there was nothing to send."""
    try:
        with transaction.atomic():
            record, created = ReminderSent.objects.get_or_create(
                agreement=agreement, kind=kind, about=about
            )
            if not created:
                return False
            message = build()
            if message is None:
                raise NothingToSend
            record.recipients = len(message.to)
            record.save(update_fields=["recipients"])
            message.send()
    except NothingToSend:
        return False
    except IntegrityError:  # another worker recorded it at the same moment
        return False
    return True


def _message(subject, template, context, to):
    if not to:
        return None
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, {**context, "site_name": settings.WAGTAIL_SITE_NAME}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={"Auto-Submitted": "auto-generated"},
    )


def agreement_reminder(agreement, kind, today):
    passed = kind == Kind.PASSED
    review_by = date_format(agreement.review_by, "j F Y")
    subject = (
        f"Revideringsdatumet har passerat: {agreement.title}"
        if passed
        else f"Dags att revidera: {agreement.title} (senast {review_by})"
    )
    return _message(
        subject,
        "agreements/email/review_reminder.txt",
        {
            "agreement": agreement,
            "passed": passed,
            "review_by": review_by,
            "days_left": (agreement.review_by - today).days,
            "public_url": agreement.get_full_url() or "",
            "admin_url": admin_url(agreement),
        },
        editor_addresses(agreement.section),
    )


def weekly_summary(today):
    due = list(
        Agreement.objects.public()
        .due_for_review(today)
        .select_related("section")
        .order_by("review_by", "valid_to", "title")
    )
    if not due:
        return None
    rows = [
        {
            "agreement": a,
            "passed": bool(a.review_by and a.review_by < today),
            "review_by": date_format(a.review_by, "j F Y") if a.review_by else "",
            "valid_to": date_format(a.valid_to, "j F Y") if a.valid_to else "",
            "admin_url": admin_url(a),
        }
        for a in due
    ]
    week = today.isocalendar().week
    return _message(
        f"Avtal att revidera, vecka {week}: {len(due)} st",
        "agreements/email/review_summary.txt",
        {"rows": rows, "week": week, "passed": sum(r["passed"] for r in rows)},
        kommunikator_addresses(),
    )


def send_reminders(today):
    """Send what is due on ``today``; return how many mails of each kind were sent."""
    sent = {Kind.BEFORE: 0, Kind.PASSED: 0, Kind.WEEKLY: 0}
    horizon = today + datetime.timedelta(days=reminder_days())
    for agreement in reviewable(today).filter(review_by__lte=horizon):
        kind = Kind.PASSED if agreement.review_by < today else Kind.BEFORE

        def build(agreement=agreement, kind=kind):
            return agreement_reminder(agreement, kind, today)

        if _record_and_send(agreement, kind, agreement.review_by, build):
            sent[kind] += 1
    monday = today - datetime.timedelta(days=today.weekday())
    if _record_and_send(None, Kind.WEEKLY, monday, lambda: weekly_summary(today)):
        sent[Kind.WEEKLY] += 1
    return sent
