"""The e-mails of the subscription service: plain text, Swedish, with a one-click way out.

Every message carries ``List-Unsubscribe`` (the unsubscribe URL) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so mail programs can offer
their own "avsluta prenumeration" button; the same link is in the text.
"""

import email.policy

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Site

from . import tokens
from .topics import labels_for


class ListEmailMessage(EmailMessage):
    """An e-mail whose ``List-Unsubscribe`` URL stays one plain line.

    Python's e-mail package folds header lines at 78 characters and, when a single token
    (such as a signed URL) is longer than that, rewrites it as RFC 2047 encoded words,
    which mail programs do not decode in ``List-Unsubscribe``. Lines up to RFC 5322's hard
    limit of 998 characters avoid that.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def site_base_url():
    """Public base URL for links in mail sent outside a request (the daily digest): the
    default Wagtail site's root URL, so it follows the site's real hostname and port."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _message(subscriber, subject, template, context, base_url):
    base_url = base_url.rstrip("/")
    token = tokens.unsubscribe_token(subscriber)
    leave_url = base_url + reverse("subscriptions:unsubscribe", args=[token])
    context = {
        **context,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": leave_url,
        "subscribe_url": base_url + reverse("subscriptions:subscribe"),
    }
    return ListEmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{leave_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation_message(subscriber, keys, base_url):
    confirm_url = base_url.rstrip("/") + reverse(
        "subscriptions:confirm", args=[tokens.confirm_token(subscriber, keys)]
    )
    return _message(
        subscriber,
        f"Bekräfta din prenumeration – {settings.WAGTAIL_SITE_NAME}",
        "subscriptions/email/confirm.txt",
        {
            "confirm_url": confirm_url,
            "topics": labels_for(keys),
            "is_change": subscriber.is_confirmed,
            "days": tokens.CONFIRM_MAX_AGE_DAYS,
        },
        base_url,
    )


def digest_message(subscriber, groups, since, base_url):
    count = sum(len(group.items) for group in groups)
    since_text = date_format(timezone.localtime(since), "j F Y")
    return _message(
        subscriber,
        f"Nytt på {settings.WAGTAIL_SITE_NAME} sedan {since_text}",
        "subscriptions/email/digest.txt",
        {"groups": groups, "count": count, "since": since_text},
        base_url,
    )
