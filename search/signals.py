"""Keep ``DocumentText`` in step with Wagtail's documents.

A new document, or a document whose file is replaced, gets a "waiting" text row at once
(so it is found by its title straight away) and a background task that reads its text. A
renamed document only has its title updated. Deleting a document deletes its text (cascade).
"""

from django.db.models.signals import post_save
from wagtail.documents import get_document_model

from .extraction import document_source
from .models import DocumentText

DISPATCH_UID = "search.document_saved"


def document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not {"file", "title"} & set(update_fields):
        return  # e.g. Wagtail filling in file_hash later
    from .tasks import extract_document_text

    entry = DocumentText.objects.filter(pk=instance.pk).only("title", "source").first()
    source = document_source(instance)
    if entry is None or entry.source != source:
        if entry is None:
            entry = DocumentText(document=instance)
        entry.title = instance.title
        entry.status = DocumentText.Status.PENDING
        entry.source = source
        entry.error = ""
        entry.save()
        extract_document_text.enqueue(instance.pk)
    elif entry.title != instance.title:
        entry.title = instance.title
        entry.save(update_fields=["title"])


def connect():
    post_save.connect(document_saved, sender=get_document_model(), dispatch_uid=DISPATCH_UID)
