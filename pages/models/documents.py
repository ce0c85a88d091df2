"""The accessibility check of every uploaded document (``pages.documents`` runs it).

A row per document, kept beside Wagtail's own document model (like the search app's
extracted text) so that the site keeps Wagtail's standard document model. A document
without a row has not been checked yet and counts as not known to be accessible.
"""

from django.db import models
from django.db.models import Q
from wagtail.documents import get_document_model

from core.documents import criteria_for, problem_label


class DocumentCheck(models.Model):
    document = models.OneToOneField(
        "wagtaildocs.Document",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="accessibility_check",
        verbose_name="dokument",
    )
    problems = models.JSONField(
        "Brister", default=list, help_text="Koder från core.documents.PROBLEMS."
    )
    source = models.CharField("Kontrollerad fil", max_length=400)
    checked_at = models.DateTimeField("Kontrollerad", auto_now=True)

    class Meta:
        verbose_name = "tillgänglighetskontroll"
        verbose_name_plural = "tillgänglighetskontroller"

    def __str__(self):
        return f"{self.document_id}: {self.summary}"

    @property
    def passed(self):
        return not self.problems

    @property
    def problem_labels(self):
        return [problem_label(code) for code in self.problems]

    @property
    def criteria(self):
        return criteria_for(self.problems)

    @property
    def summary(self):
        return "; ".join(self.problem_labels) if self.problems else "Inga kända brister"


def inaccessible_documents():
    """Documents not known to be accessible: a check found problems, or none has run yet.
    Each with its check (or None), in title order."""
    return (
        get_document_model()
        .objects.filter(Q(accessibility_check__isnull=True) | ~Q(accessibility_check__problems=[]))
        .select_related("accessibility_check", "collection")
        .order_by("title", "pk")
    )
