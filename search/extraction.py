"""Reading the text out of uploaded documents (run by a background task, never a request).

PDF text comes from pypdf. Plain-text formats are read as they are. Anything else (Word,
Excel …) is marked as unsupported: the document is still found by its title. Extraction is
bounded (pages, characters) because an upload can be any size and must never stall the
worker; the limits keep the text well inside PostgreSQL's tsvector limit.
"""

import logging
import re

from django.utils import timezone
from wagtail.documents import get_document_model

from .models import DocumentText

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_CHARACTERS = 300_000
TEXT_EXTENSIONS = {"txt", "csv"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def document_source(document):
    """What identifies the file a text was taken from: a replaced file gets a new value."""
    return f"{document.file.name}|{document.file_size or ''}"[:400]


def tidy(text):
    """Text as PostgreSQL can store it (no NUL) and as a snippet can show it."""
    text = _CONTROL.sub(" ", text)
    text = _SPACE.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:MAX_CHARACTERS]


def pdf_text(file):
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted:
        reader.decrypt("")  # many PDFs are "encrypted" with an empty password
    parts = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_CHARACTERS:
            break
    return "\n\n".join(parts)


def extract(document):
    """``(status, text, error)`` for one document."""
    extension = document.file_extension.lower()
    if extension != "pdf" and extension not in TEXT_EXTENSIONS:
        return DocumentText.Status.UNSUPPORTED, "", ""
    try:
        with document.open_file() as file:
            if extension == "pdf":
                raw = pdf_text(file)
            else:
                raw = file.read(MAX_CHARACTERS * 4).decode("utf-8", errors="replace")
    except Exception as error:  # a broken upload must not stop the worker
        logger.warning("Text extraction failed for document %s: %s", document.pk, error)
        return DocumentText.Status.FAILED, "", f"{type(error).__name__}: {error}"[:300]
    text = tidy(raw)
    return (DocumentText.Status.DONE if text else DocumentText.Status.EMPTY), text, ""


def extract_and_store(document_id):
    """Extract the text of one document and save (and so index) it."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None  # deleted before the worker got to it
    status, text, error = extract(document)
    entry = DocumentText.objects.filter(pk=document.pk).first() or DocumentText(document=document)
    entry.title = document.title
    entry.text = text
    entry.status = status
    entry.error = error
    entry.source = document_source(document)
    entry.extracted_at = timezone.now()
    entry.save()
    return status
