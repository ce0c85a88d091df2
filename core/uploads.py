"""Uploaded documents must be what their names say (WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE) but not its content, so a program or a web page renamed to
``.pdf`` would be published as a download from the site's own domain. This form also reads
the first bytes of the file and refuses anything whose content does not match its
extension, with a Swedish message that says what to do. Images need no such check: Wagtail
opens every image with Pillow and refuses a file that is not the format its name says.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

# What the first bytes of each allowed format look like.
ZIP = (b"PK\x03\x04",)  # docx, xlsx, pptx, odt, ods: ZIP containers
OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # doc, xls: the old Office format
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "doc": OLE2,
    "xls": OLE2,
}
TEXT_FORMATS = {"txt", "csv"}
FORMAT_NAMES = {
    "pdf": "en PDF-fil",
    "docx": "ett Word-dokument",
    "doc": "ett Word-dokument",
    "xlsx": "en Excel-fil",
    "xls": "en Excel-fil",
    "pptx": "en PowerPoint-fil",
    "odt": "ett OpenDocument-dokument",
    "ods": "ett OpenDocument-kalkylblad",
    "txt": "en textfil",
    "csv": "en CSV-fil",
}
# A PDF may have a few bytes of junk before its header (the PDF specification allows it).
PDF_HEADER_WINDOW = 1024
TEXT_SAMPLE = 8192


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(extension, head):
    if extension == "pdf":
        return b"%PDF-" in head[:PDF_HEADER_WINDOW]
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension in TEXT_FORMATS:
        return b"\x00" not in head and not head.lstrip().lower().startswith(
            (b"<!doctype", b"<html")
        )
    return True  # Not ours to judge: Wagtail's extension check decides.


def allowed_types_text():
    return ", ".join(f".{extension}" for extension in settings.WAGTAILDOCS_EXTENSIONS)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with a content check and Swedish messages about the type.

    The messages never repeat the file name as typed: Wagtail's multiple-upload page inserts
    error messages as HTML, so a crafted file name must not reach them.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        extension = extension_of(uploaded.name)
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            if re.fullmatch(r"[a-z0-9]{1,10}", extension):
                problem = f"Filer av typen ”.{extension}” kan inte laddas upp."
            else:
                problem = "Filens namn slutar inte på en filtyp som kan laddas upp."
            raise ValidationError(
                f"{problem} Tillåtna filtyper: {allowed_types_text()}. "
                "Spara filen som PDF om du är osäker.",
                code="invalid_extension",
            )
        uploaded.seek(0)
        head = uploaded.read(max(PDF_HEADER_WINDOW, TEXT_SAMPLE))
        uploaded.seek(0)
        if not content_matches(extension, head):
            raise ValidationError(
                f"Filen är inte {FORMAT_NAMES.get(extension, 'i rätt format')}, fast namnet "
                f"slutar på .{extension}. Öppna den i programmet den gjordes i, spara den i "
                "rätt format och ladda upp den igen.",
                code="content_mismatch",
            )
        return uploaded

    def _update_errors(self, errors):
        # Document.clean() repeats the extension check with Django's message, which quotes
        # the extension as typed. clean_file() has already said it in Swedish.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
