"""Links to documents that tell the reader what they will get: file type and size."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

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


@register.simple_tag
def document_link(document, title=""):
    """<a> to the document with its type and size, e.g. "Riktlinje (PDF, 245,3 kB)"."""
    if document is None:
        return ""
    size = file_size_label(document)
    details = file_type_label(document) + (f", {size}" if size else "")
    return format_html(
        '<a class="document-link" href="{}">{} <span class="document-link__meta">({})</span></a>',
        document.url,
        title or document.title,
        details,
    )
