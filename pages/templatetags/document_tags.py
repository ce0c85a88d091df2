"""Links to documents that tell the reader what they will get: file type and size."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from core.caching import cached
from core.visibility import public_q

register = template.Library()

FILE_TYPE_LABELS = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "odt": "OpenDocument-text",
    "ods": "OpenDocument-kalkyl",
    "txt": "Text",
    "csv": "CSV",
}


@register.filter
def file_type_label(document):
    extension = (document.file_extension or "").lower()
    return FILE_TYPE_LABELS.get(extension, extension.upper() or "Fil")


@register.filter
def file_size_label(document):
    """The size as stored on upload, else read from storage: never saved while a page
    renders (saving a document moves the content version on)."""
    size = document.file_size
    if size is None:
        try:
            size = document.file.size
        except OSError:
            return ""
    return filesizeformat(size) if size else ""


def inaccessible_document_ids():
    """The ids of the documents not known to be accessible (one query per content version)."""
    from pages.models.documents import inaccessible_documents

    return cached(
        "inaccessible_document_ids",
        lambda: frozenset(inaccessible_documents().values_list("pk", flat=True)),
    )


def accessibility_statement_url():
    from pages.models import AccessibilityStatementPage

    def compute():
        statement = AccessibilityStatementPage.objects.live().filter(public_q()).first()
        return (statement.url or "") if statement else ""

    return cached("accessibility_statement_url", compute)


@register.simple_tag
def document_link(document, title="", accessible_url=""):
    """<a> to the document with its type and size, e.g. "Riktlinje (PDF, 245,3 kB)", and a
    note when the document is not known to be accessible, saying where to get it another
    way: ``accessible_url`` (e.g. an agreement's own accessible PDF) if given, else the
    accessibility statement's contact section."""
    if document is None:
        return ""
    size = file_size_label(document)
    details = file_type_label(document) + (f", {size}" if size else "")
    link = format_html(
        '<a class="document-link" href="{}">{} <span class="document-link__meta">({})</span></a>',
        document.url,
        title or document.title,
        details,
    )
    if document.pk not in inaccessible_document_ids():
        return link
    statement = accessibility_statement_url()
    if accessible_url:
        where = format_html('<a href="{}">Ladda ner den tillgängliga PDF:en</a>', accessible_url)
    elif statement:
        where = format_html(
            '<a href="{}#kontakt">Så får du innehållet i annat format</a>', statement
        )
    else:
        where = "Kontakta oss via uppgifterna i sidfoten för innehållet i annat format"
    return format_html(
        '{} <span class="document-link__warning">Dokumentet är inte tillgänglighetsanpassat. '
        "{}.</span>",
        link,
        where,
    )
