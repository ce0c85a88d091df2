"""Reading the text out of uploaded documents (run by a background task, never a request).

PDF text comes from pypdf. Plain-text formats are read as they are. Anything else (Word,
Excel …) is marked as unsupported: the document is still found by its title. Extraction is
bounded because an upload can be any size and must never stall the worker: a PDF is read
by a separate process (``search/pdf_reader.py``) with hard limits on its time and memory,
which also stops at the page and character limits while a page is read. A document over a
limit gets the status "Kunde inte läsas" with a Swedish reason, shown to the kommunikatör
on the admin's dashboard. The limits keep the text well inside PostgreSQL's tsvector limit.
"""

import logging
import re
import resource
import subprocess
import sys
from pathlib import Path

from django.utils import timezone
from wagtail.documents import get_document_model

from .models import DocumentText

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_CHARACTERS = 300_000
# Per document, for the reading process: seconds of CPU time, and bytes of memory. The
# wall-clock limit is wider, for a machine busy with other work.
MAX_SECONDS = 30
WALL_CLOCK_FACTOR = 4
MAX_MEMORY = 512 * 1024 * 1024
TOO_MUCH_CONTENT = 3  # the reader's exit status when pypdf's own limits stopped it
READER = Path(__file__).with_name("pdf_reader.py")
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


class Unreadable(Exception):
    """The document could not be read; the message is the Swedish reason."""


def _limit_reader():
    """In the reading process, before it starts: its memory and CPU time."""
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (MAX_SECONDS, MAX_SECONDS + 1))


def pdf_text(file):
    try:
        done = subprocess.run(  # noqa: S603  (this interpreter, our script, two numbers)
            [sys.executable, str(READER), str(MAX_PAGES), str(MAX_CHARACTERS)],
            input=file.read(),
            capture_output=True,
            timeout=MAX_SECONDS * WALL_CLOCK_FACTOR,
            preexec_fn=_limit_reader,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Unreadable(
            f"Det tog mer än {MAX_SECONDS * WALL_CLOCK_FACTOR} sekunder att läsa texten i "
            "dokumentet, så läsningen avbröts."
        ) from exc
    if done.returncode == 0:
        return done.stdout.decode("utf-8", errors="replace")
    problem = done.stderr.decode("utf-8", errors="replace")
    if done.returncode == TOO_MUCH_CONTENT:
        reason = "Dokumentet innehåller fler textinstruktioner än som kan läsas."
    elif "MemoryError" in problem:
        reason = f"Att läsa texten krävde mer än {MAX_MEMORY // 1024 // 1024} MB minne."
    elif done.returncode < 0:
        reason = f"Att läsa texten krävde mer än {MAX_SECONDS} sekunders datortid."
    else:
        reason = "Filen är skadad eller ingen giltig PDF."
    logger.warning("PDF reader failed (%s): %s", done.returncode, problem[-500:])
    raise Unreadable(reason)


UNREADABLE_ADVICE = (
    " Dokumentet hittas på sin titel men inte på texten i det. Spara det som en ny PDF "
    "(till exempel med ”Skriv ut som PDF”) och ladda upp den igen om texten ska gå att söka."
)


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
    except Unreadable as error:
        logger.warning("Document %s could not be read: %s", document.pk, error)
        return DocumentText.Status.FAILED, "", f"{error}{UNREADABLE_ADVICE}"[:300]
    except Exception as error:  # a broken upload must not stop the worker
        logger.warning("Text extraction failed for document %s: %s", document.pk, error)
        reason = f"Filen kunde inte öppnas ({type(error).__name__})."
        return DocumentText.Status.FAILED, "", f"{reason}{UNREADABLE_ADVICE}"[:300]
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
