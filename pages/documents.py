"""The accessibility check on every uploaded document, and what editors see of it.

Saving a document with a new file checks the file at once (``core.documents.check_document``
reads only the catalog and metadata, so it is small next to the background text
extraction) and stores the result as a ``DocumentCheck``. The document form shows the
result, with a Swedish warning and what to do, in the multiple uploader right after the
upload and on the document's edit page. ``inaccessible_documents_for`` is the report per
section (each section's documents live in the section's collection).
"""

from django import forms
from django.template.loader import render_to_string
from wagtail.documents import get_document_model

from core.documents import check_document
from core.uploads import DocumentForm as UploadCheckedDocumentForm

from .models.documents import DocumentCheck, inaccessible_documents

DISPATCH_UID = "pages.document_accessibility"


def file_source(document):
    """What identifies the checked file: a replaced file gets a new value."""
    return f"{document.file.name}|{document.file_size or ''}"[:400]


def check_and_store(document):
    """Check the document's file and store the result (returns the ``DocumentCheck``)."""
    try:
        with document.open_file() as file:
            result = check_document(file, document.file_extension)
        problems = result.problems
    except OSError:
        problems = ["unreadable"]
    check, _ = DocumentCheck.objects.update_or_create(
        document=document, defaults={"problems": problems, "source": file_source(document)}
    )
    return check


def document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.file:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    stored = DocumentCheck.objects.filter(pk=instance.pk).values_list("source", flat=True).first()
    if stored != file_source(instance):
        check_and_store(instance)


def connect():
    from django.db.models.signals import post_save

    post_save.connect(document_saved, sender=get_document_model(), dispatch_uid=DISPATCH_UID)


def document_permission_policy():
    """Wagtail's permission policy for documents (asked for late: it is registered when
    Wagtail's documents app is ready, after this app's)."""
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def inaccessible_documents_for(user):
    """The documents not known to be accessible that the user may change."""
    editable = document_permission_policy().instances_user_has_permission_for(user, "change")
    return inaccessible_documents().filter(pk__in=editable.values("pk"))


class AccessibilityNotice(forms.Widget):
    """Shows the stored check of a document; it has no value to submit."""

    def __init__(self, check, attrs=None):
        super().__init__(attrs)
        self.check = check

    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string("pages/admin/document_check.html", {"check": self.check})

    def value_from_datadict(self, data, files, name):
        return None


class DocumentForm(UploadCheckedDocumentForm):
    """The site's document form (upload checks in ``core.uploads``) with the result of the
    accessibility check, for a document that has been saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            check = DocumentCheck.objects.filter(pk=self.instance.pk).first()
            self.fields["accessibility"] = forms.CharField(
                label="Tillgänglighet",
                required=False,
                disabled=True,
                widget=AccessibilityNotice(check),
            )
