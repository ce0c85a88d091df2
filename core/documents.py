"""Documents everyone can read: tagged PDFs made from HTML, and a check of uploaded files.

``render_pdf`` turns a complete HTML page (with ``<html lang>`` and ``<title>``) into a
PDF/UA-1 file with WeasyPrint: a structure tree with headings, lists and tables, the
document's language and title (shown instead of the file name) and bookmarks from the
headings. Fonts come from the system (Debian's ``fonts-dejavu-core``); nothing is fetched.

``check_document`` reads what can be read cheaply from an uploaded file and names the
problems that make it hard to use with assistive technology, each tied to the WCAG criteria
(as EN 301 549 chapter 10 applies them to documents) it fails. It opens the file's catalog
and metadata only, never its pages, so it stays small next to the text extraction.
"""

import hashlib
import mimetypes
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfReader
from pypdf.generic import BooleanObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# code: (what is wrong, in Swedish, for editors and visitors; the WCAG criteria it fails)
PROBLEMS = {
    "untagged": (
        "Saknar taggar (ingen struktur med rubriker, listor och tabeller för skärmläsare)",
        ("1.3.1", "1.3.2"),
    ),
    "no_language": ("Saknar angivet språk", ("3.1.1",)),
    "no_title": ("Saknar dokumenttitel", ("2.4.2",)),
    "title_not_shown": ("Visar filnamnet i stället för dokumentets titel", ("2.4.2",)),
    "unreadable": ("Kunde inte kontrolleras automatiskt", ()),
}

# How each criterion is named in the accessibility statement.
CRITERIA = {
    "1.3.1": "1.3.1 Information och relationer",
    "1.3.2": "1.3.2 Betydelsebärande ordningsföljd",
    "2.4.2": "2.4.2 Sidtitel",
    "3.1.1": "3.1.1 Språk på sidan",
}

OFFICE_FORMATS = {"docx", "xlsx", "pptx"}
OPENDOCUMENT_FORMATS = {"odt", "ods"}
PLAIN_FORMATS = {"txt", "csv"}


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self):
        return not self.problems


# Relative URLs in the HTML (images: /media/…) resolve against this address, which only
# ``StorageFetcher`` answers: a PDF never makes a network request.
PDF_BASE_URL = "https://pdf.invalid/"


class StorageFetcher(URLFetcher):
    """Gives WeasyPrint the site's uploaded files from storage and nothing else."""

    def fetch(self, url, headers=None):
        media = PDF_BASE_URL + settings.MEDIA_URL.lstrip("/")
        if not url.startswith(media):
            raise ValueError("Only the site's own uploaded files go into a PDF.")
        name = url[len(media) :].split("?")[0]
        with default_storage.open(name) as file:
            body = file.read()
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def render_pdf(html):
    """The bytes of a tagged PDF (PDF/UA-1) of a complete HTML page."""
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StorageFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def stored_pdf(folder, name, html):
    """The storage path of the PDF of ``html``, made and stored the first time it is asked
    for. The path holds a digest of the HTML, so a changed text gets a new file; older
    files of the same name are removed."""
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    path = f"{folder}/{name}-{digest}.pdf"
    if default_storage.exists(path):
        return path
    saved = default_storage.save(path, ContentFile(render_pdf(html)))
    try:
        _, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        files = []
    for old in files:
        if old.startswith(f"{name}-") and f"{folder}/{old}" != saved:
            default_storage.delete(f"{folder}/{old}")
    return saved


def problem_label(code):
    return PROBLEMS.get(code, PROBLEMS["unreadable"])[0]


def criteria_for(codes):
    """The WCAG criteria the problems fail, in order and each once."""
    found = {c for code in codes for c in PROBLEMS.get(code, PROBLEMS["unreadable"])[1]}
    return [CRITERIA[c] for c in CRITERIA if c in found]


def check_document(file, extension):
    """What keeps an uploaded file (an open binary file) from being accessible."""
    extension = (extension or "").lower()
    try:
        if extension == "pdf":
            return CheckResult(check_pdf(file))
        if extension in OFFICE_FORMATS:
            return CheckResult(check_office(file))
        if extension in OPENDOCUMENT_FORMATS:
            return CheckResult(check_opendocument(file))
    except Exception:  # a damaged or encrypted file is reported, never an upload error
        return CheckResult(["unreadable"])
    if extension in PLAIN_FORMATS:
        return CheckResult()
    # Old binary Word and Excel files (.doc, .xls) cannot be read without a converter.
    return CheckResult(["unreadable"])


def check_pdf(file):
    reader = PdfReader(file, strict=False)
    if reader.is_encrypted:
        return ["unreadable"]
    root = reader.trailer["/Root"]
    problems = []
    mark_info = root.get("/MarkInfo")
    marked = mark_info.get_object().get("/Marked") if mark_info is not None else None
    if not _is_true(marked) or "/StructTreeRoot" not in root:
        problems.append("untagged")
    if not str(root.get("/Lang") or "").strip():
        problems.append("no_language")
    info = reader.metadata
    if not str((info or {}).get("/Title") or "").strip():
        problems.append("no_title")
    else:
        preferences = root.get("/ViewerPreferences")
        shown = preferences.get_object().get("/DisplayDocTitle") if preferences else None
        if not _is_true(shown):
            problems.append("title_not_shown")
    return problems


def _is_true(value):
    return value is not None and value == BooleanObject(True)


MAX_METADATA_BYTES = 1024 * 1024


def _zip_member(archive, name):
    """A small member of a zip file as text, or "" if missing (a huge one counts as missing)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > MAX_METADATA_BYTES:
        return ""
    return archive.read(info).decode("utf-8", errors="replace")


def _has_element_text(xml, tag):
    match = re.search(rf"<{tag}(?:\s[^>]*)?>([^<]*)</{tag}>", xml)
    return bool(match and match.group(1).strip())


def check_office(file):
    """Word, Excel and PowerPoint (Office Open XML): the title in the document properties,
    and for Word the language of the default paragraph style."""
    with zipfile.ZipFile(file) as archive:
        problems = []
        styles = _zip_member(archive, "word/styles.xml")
        if "word/document.xml" in archive.namelist() and not re.search(
            r"<w:docDefaults>.*?<w:lang\s[^>]*w:val=\"[^\"]+\"", styles, re.S
        ):
            problems.append("no_language")
        if not _has_element_text(_zip_member(archive, "docProps/core.xml"), "dc:title"):
            problems.append("no_title")
        return problems


def check_opendocument(file):
    """OpenDocument text and spreadsheets: title and language in the metadata."""
    with zipfile.ZipFile(file) as archive:
        meta = _zip_member(archive, "meta.xml")
        styles = _zip_member(archive, "styles.xml")
        problems = []
        if not _has_element_text(meta, "dc:language") and not re.search(
            r'fo:language="[a-z]', styles
        ):
            problems.append("no_language")
        if not _has_element_text(meta, "dc:title"):
            problems.append("no_title")
        return problems
