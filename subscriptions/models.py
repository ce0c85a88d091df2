"""Who follows what, and nothing more.

A subscriber is an e-mail address, the topics it follows and three timestamps (asked,
confirmed, last digest). The address is stored only after someone asks for it, used only
for the digests and confirmation mail, shown only to those with the address permission in
the admin, and deleted (not flagged) when the person unsubscribes or never confirms.
"""

import uuid

from django.db import models
from django.utils import timezone


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Subscriber(models.Model):
    """One e-mail address and what it follows.

    Topics are plain columns and relations rather than a generic "topic" table so that
    "everyone following Fyrbodal" is one indexed join, and a deleted section or report
    series simply drops out of everyone's choices. ``key`` identifies the subscriber in
    signed links, so links never carry the e-mail address (which would end up in logs).
    """

    email = models.EmailField("E-postadress", max_length=254, unique=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    all_content = models.BooleanField("Allt som publiceras", default=False)
    agreements = models.BooleanField("Avtalsregistret", default=False)
    sections = models.ManyToManyField(
        "pages.SectionPage", verbose_name="Sektioner", blank=True, related_name="+"
    )
    report_indexes = models.ManyToManyField(
        "pages.StatusReportIndexPage",
        verbose_name="Lägesrapporter",
        blank=True,
        related_name="+",
    )
    municipalities = models.ManyToManyField(
        "pages.Municipality", verbose_name="Kommuner", blank=True, related_name="+"
    )
    requested_at = models.DateTimeField("Senast anmäld", default=timezone.now)
    confirmed_at = models.DateTimeField("Bekräftad", null=True, blank=True)
    last_digest_at = models.DateTimeField("Senaste utskick", null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "prenumerant"
        verbose_name_plural = "prenumeranter"
        ordering = ["email"]
        permissions = [
            (
                "view_subscription_statistics",
                "Kan se antal prenumeranter per ämne (inga adresser)",
            ),
        ]
        indexes = [models.Index(fields=["confirmed_at", "requested_at"])]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @staticmethod
    def normalise(email):
        """Addresses are compared case-insensitively (one row per mailbox)."""
        return (email or "").strip().lower()
