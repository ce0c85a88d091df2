"""Agreements found through the text of their attachments.

The agreement register (app ``agreements``) must find an agreement by a word that occurs
only in its PDF, but may not import this app. So the search core (``core.fulltext``) asks
the ``search_related_hits`` hook, and this module answers it; the site search uses the
same functions directly. A hit in an attachment leads to the agreement, not to the bare
file, because the agreement page says whether the document still applies.
"""

from django.db.models import F

from agreements.models import Agreement, AgreementAttachment
from core.fulltext import RelatedHit, backend_search

from .models import DocumentText

# An agreement matched only through an attachment ranks a little below an agreement whose
# own title or summary matches equally well.
ATTACHMENT_WEIGHT = 0.8


def attached_document_ids(agreement_queryset):
    """Subquery: documents attached to the agreements in ``agreement_queryset``."""
    return AgreementAttachment.objects.filter(agreement__in=agreement_queryset.values("pk")).values(
        "document_id"
    )


def attachment_hits(agreement_queryset, document_hits):
    """``RelatedHit``s, with their agreement loaded, for the agreements in
    ``agreement_queryset`` that have one of ``document_hits`` (``[(DocumentText, score)]``)
    attached. One query, whatever the number of hits."""
    found = {text.pk: (text, score) for text, score in document_hits}
    if not found:
        return []
    agreements = (
        agreement_queryset.filter(attachments__document_id__in=list(found))
        .annotate(
            matched_document_id=F("attachments__document_id"),
            matched_title=F("attachments__title"),
        )
        .order_by("pk", "attachments__sort_order")
    )
    hits = []
    for agreement in agreements:
        text, score = found[agreement.matched_document_id]
        hits.append(
            RelatedHit(
                agreement.pk,
                score * ATTACHMENT_WEIGHT,
                {"document_id": text.pk, "title": agreement.matched_title or text.title},
                agreement,
            )
        )
    return hits


def related_hits(queryset, query, limit):
    """The ``search_related_hits`` hook: agreements by their attachments' text."""
    if not issubclass(queryset.model, Agreement):
        return []
    documents = DocumentText.objects.filter(pk__in=attached_document_ids(queryset)).only(
        "pk", "title"
    )
    return attachment_hits(queryset, backend_search(documents, query, limit))
