"""Uploaded documents must be what their names say (WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) and size
(WAGTAILDOCS_MAX_UPLOAD_SIZE) but not its content, so a program or a web page renamed to
``.pdf`` would be published as a download from the site's own domain. This form also lets
``filetype`` recognise the file from its first bytes and refuses anything it does not
recognise as the format its extension names, with a Swedish message that says what to do.
Plain text has no signature: a text file only must not be binary or a web page. Images
need no such check: Wagtail opens every image with Pillow and refuses a file that is not
the format its name says; ``ImageForm`` turns what Pillow cannot read at all (a GIF whose
header is a script, say) into the same Swedish form error instead of a server error.

Both forms also find out, before anything is saved, whether the media storage takes files
at all (``check_storage_writable``): an upload while the storage is read-only is a form
error the editor can read, with the form kept, not a server error.
"""

import logging
import re
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)
STORAGE_UNAVAILABLE = (
    "Filen kunde inte sparas just nu eftersom lagringen för uppladdade filer inte tar emot "
    "filer. Ingenting har sparats. Försök igen om en stund, och kontakta webbplatsens "
    "kommunikatör om det inte går."
)
UNREADABLE_IMAGE = (
    "Filen går inte att läsa som en bild. Öppna den i ett bildprogram, spara den som JPEG, "
    "PNG, WebP eller GIF och ladda upp den igen."
)

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
TEXT_FORMATS = {"txt", "csv"}


def content_matches(extension, head):
    """Whether the file's first bytes are those of a file of this extension."""
    if extension in TEXT_FORMATS:
        return b"\x00" not in head and not head.lstrip().lower().startswith(
            (b"<!doctype", b"<html")
        )
    if extension in FORMAT_NAMES:
        return filetype.guess_extension(head) == extension
    return True  # Not ours to judge: Wagtail's extension check decides.


def check_storage_writable(storage=None):
    """Raise a Swedish ValidationError if the media storage cannot take a file now."""
    storage = storage or default_storage
    probe = f"uppladdningskontroll/{uuid.uuid4().hex}.txt"
    try:
        storage.delete(storage.save(probe, ContentFile(b"")))
    except OSError as exc:
        logger.error("Media storage does not accept files: %s", exc)
        raise ValidationError(STORAGE_UNAVAILABLE, code="storage_unavailable") from exc


class SafeImageField(WagtailImageField):
    """Wagtail's image field, whose size check lets Pillow's own errors through for a file
    that starts like an image but is none (UnidentifiedImageError and friends)."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001  (any error Pillow raises on a broken file)
            raise ValidationError(UNREADABLE_IMAGE, code="invalid_image") from exc


class ImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the two checks above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, as Wagtail builds its own: the field reads the size limits from
        # the settings when it is created.
        field = self.fields["file"]
        self.fields["file"] = SafeImageField(
            label=field.label, required=field.required, widget=field.widget
        )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_storage_writable()
        return uploaded


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with a content check and Swedish messages about the type.

    The messages never repeat the file name as typed: Wagtail's multiple-upload page inserts
    error messages as HTML, so a crafted file name must not reach them.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded or "file" not in self.changed_data:
            return uploaded
        _, dot, extension = uploaded.name.rpartition(".")
        extension = extension.lower() if dot else ""
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            if re.fullmatch(r"[a-z0-9]{1,10}", extension):
                problem = f"Filer av typen ”.{extension}” kan inte laddas upp."
            else:
                problem = "Filens namn slutar inte på en filtyp som kan laddas upp."
            allowed = ", ".join(f".{known}" for known in settings.WAGTAILDOCS_EXTENSIONS)
            raise ValidationError(
                f"{problem} Tillåtna filtyper: {allowed}. Spara filen som PDF om du är osäker.",
                code="invalid_extension",
            )
        uploaded.seek(0)
        head = uploaded.read(8192)
        uploaded.seek(0)
        if not content_matches(extension, head):
            raise ValidationError(
                f"Filen är inte {FORMAT_NAMES[extension]}, fast namnet "
                f"slutar på .{extension}. Öppna den i programmet den gjordes i, spara den i "
                "rätt format och ladda upp den igen.",
                code="content_mismatch",
            )
        check_storage_writable()
        return uploaded

    def add_error(self, field, error):
        # Document.clean() repeats the extension check, with Django's message, for a file
        # that clean_file() has already refused in Swedish: only the Swedish message stays.
        if field is None and self.has_error("file") and hasattr(error, "error_dict"):
            error.error_dict.pop("file", None)
            if not error.error_dict:
                return
        super().add_error(field, error)
