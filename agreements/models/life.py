"""The agreement's life after the text: each party's decision and the reminders sent.

A county-wide agreement takes effect when the regional council and each municipal council
have decided; ``Decision`` records one party's decision. The parties of an agreement that
needs their decisions are the region and every municipality it applies to (see
``Agreement.decision_parties``). ``ReminderSent`` records every revision reminder, so that
no reminder goes out twice for the same date.
"""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from agreements.forms import DecisionAdminForm
from core.caching import cached

REGION = "Västra Götalandsregionen"


class DecisionQuerySet(models.QuerySet):
    def public(self):
        """Decisions on published agreements that need them."""
        return self.filter(agreement__live=True, agreement__needs_party_decisions=True)

    def for_municipality(self, municipality):
        """One municipality's decisions on published agreements, newest first (for its
        "Min kommun" page)."""
        return (
            self.public()
            .filter(municipality=municipality)
            .select_related("agreement", "body", "document")
            .order_by("-decided_on", "agreement__title")
        )

    def for_region(self):
        return self.public().filter(municipality__isnull=True)


class Decision(index.Indexed, models.Model):
    """One party's decision on an agreement: the region (no municipality) or a
    municipality, the body that decided, the date and the paragraph or registration
    number, and optionally the minutes as a document."""

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name="Avtal",
        on_delete=models.CASCADE,
        related_name="decisions",
        limit_choices_to={"needs_party_decisions": True},
    )
    municipality = models.ForeignKey(
        "pages.Municipality",
        verbose_name="Part (kommun)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=f"Lämna tomt för {REGION}.",
    )
    body = models.ForeignKey(
        "agreements.DecisionBody",
        verbose_name="Beslutande organ",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("Beslutsdatum")
    reference = models.CharField(
        "Paragraf eller diarienummer",
        max_length=100,
        blank=True,
        help_text="T.ex. ”KF § 123” eller ”KS 2024/0456”.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="Dokument (protokollsutdrag)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DecisionQuerySet.as_manager()
    base_form_class = DecisionAdminForm

    panels = [
        FieldPanel("agreement"),
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("body")]),
        FieldRowPanel([FieldPanel("decided_on"), FieldPanel("reference")]),
        FieldPanel("document"),
    ]
    search_fields = [
        index.SearchField("reference"),
        index.RelatedFields("agreement", [index.SearchField("title")]),
        index.RelatedFields("municipality", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "partsbeslut"
        verbose_name_plural = "partsbeslut"
        ordering = ["agreement__title", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"],
                nulls_distinct=False,
                name="one_decision_per_party",
                violation_error_message="Den parten har redan ett registrerat beslut om "
                "avtalet. Ändra det i stället.",
            )
        ]

    def __str__(self):
        return f"{self.party_name}: {self.agreement}"

    @property
    def party_name(self):
        return self.municipality.name if self.municipality_id else REGION

    @property
    def section_id(self):
        """The owning section (the permission policy asks every object for one)."""
        return self.agreement.section_id

    def clean(self):
        from django.core.exceptions import ValidationError

        agreement = self.agreement if self.agreement_id else None
        if agreement is None:
            return
        if not agreement.needs_party_decisions:
            raise ValidationError(
                {"agreement": "Avtalet kräver inte beslut av varje part (se avtalets ”Beslut”)."}
            )
        if self.municipality_id and self.municipality not in agreement.decision_parties():
            raise ValidationError({"municipality": f"{self.municipality} är inte part i avtalet."})


def municipality_counts():
    """How many municipalities the county (key None) and each section cover, kept until
    content changes: the number of parties of every agreement needs it."""

    def compute():
        from pages.models import Municipality

        rows = Municipality.objects.values("section_id").annotate(n=Count("pk"))
        counts = {row["section_id"]: row["n"] for row in rows}
        counts[None] = sum(counts.values())
        return counts

    return cached("municipality-counts", compute, scope="structure")


def decision_progress_annotations():
    """``decision_count`` and ``named_count`` (municipalities named) in SQL, for lists."""
    from .agreement import Agreement

    def count(queryset):
        return Coalesce(
            Subquery(
                queryset.filter(agreement=OuterRef("pk"))
                .order_by()
                .values("agreement")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    return {
        "decision_count": count(Decision.objects.all()),
        "named_count": count(Agreement.municipalities.through.objects.all()),
    }


class DecisionProgress:
    """ "38 av 50 parter har beslutat"."""

    def __init__(self, decided, parties):
        self.decided = decided
        self.parties = parties

    @property
    def complete(self):
        return self.decided >= self.parties

    @property
    def text(self):
        noun = "part" if self.parties == 1 else "parter"
        verb = "har beslutat"
        return f"{self.decided} av {self.parties} {noun} {verb}"

    def __str__(self):
        return self.text


class ReminderSent(models.Model):
    """A revision reminder that has gone out: never sent twice for the same date.

    ``kind`` says which reminder; ``about`` is the date it is about (the agreement's
    review date, or the first day of the week for the weekly summary).
    """

    class Kind(models.TextChoices):
        BEFORE = "fore", "Påminnelse före revideringsdatum"
        PASSED = "passerat", "Revideringsdatum passerat"
        WEEKLY = "vecka", "Veckosammanfattning till kommunikatören"

    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    about = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "skickad påminnelse"
        verbose_name_plural = "skickade påminnelser"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "about"],
                nulls_distinct=False,
                name="one_reminder_per_date",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.about:%Y-%m-%d}"
