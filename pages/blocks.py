"""StreamField blocks shared by every page type with free content.

The blocks are deliberately few and shaped so that editors cannot easily produce
inaccessible output: headings only at level 2 or 3 (the page title is the only h1),
tables must have a caption and a header row or column, call-outs carry their meaning in
text and not only in colour.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Rubrik", max_length=200)
    level = blocks.ChoiceBlock(
        label="Nivå",
        choices=[("h2", "Rubrik 2 (avsnitt)"), ("h3", "Rubrik 3 (underavsnitt)")],
        default="h2",
        help_text="Sidans titel är rubrik 1. Använd rubrik 3 bara under en rubrik 2.",
        # The level is layout, not content: keep "Rubrik 2 (avsnitt)" out of the search index.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = "Rubrik"
        template = "blocks/heading.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Dokument")
    title = blocks.CharBlock(
        label="Visad titel",
        required=False,
        max_length=255,
        help_text="Lämna tomt för att visa dokumentets egen titel.",
    )

    class Meta:
        icon = "doc-full"
        label = "Dokument"


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="Rubrik", required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label="Dokument", min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        label = "Dokumentlista"
        template = "blocks/document_list.html"


class AccessibleTableBlock(TableBlock):
    """A table that always has a caption and a header row or column (WCAG 1.3.1)."""

    def clean(self, value):
        value = super().clean(value)
        errors = []
        if not (value or {}).get("table_caption", "").strip():
            errors.append("Ge tabellen en rubrik (tabellrubrik) som beskriver innehållet.")
        if (value or {}).get("table_header_choice", "neither") == "neither":
            errors.append("Välj att första raden och/eller första kolumnen är rubriker.")
        if errors:
            raise ValidationError(" ".join(errors))
        return value

    class Meta:
        icon = "table"
        label = "Tabell"
        template = "blocks/table.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label="Typ",
        choices=[("info", "Information"), ("important", "Viktigt"), ("tip", "Tips")],
        default="info",
        help_text="Typen visas också som text, inte bara som färg.",
    )
    title = blocks.CharBlock(label="Rubrik", required=False, max_length=200)
    text = blocks.RichTextBlock(label="Text", features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = "Faktaruta"
        template = "blocks/callout.html"


class ContactCardBlock(blocks.StructBlock):
    contact = SnippetChooserBlock("pages.Contact", label="Kontaktperson")

    class Meta:
        icon = "user"
        label = "Kontaktkort"
        template = "blocks/contact_card.html"


class ImageBlock(blocks.StructBlock):
    """An image with the text a screen reader reads instead (WCAG 1.1.1).

    Alternative text is required unless the editor says the image is decorative, in which
    case it is rendered with an empty ``alt`` so assistive technology skips it. Rendered in
    several sizes (``srcset``) and loaded lazily, so phones fetch small files.
    """

    image = ImageChooserBlock(label="Bild")
    alt = blocks.CharBlock(
        label="Alternativtext",
        required=False,
        max_length=250,
        help_text="Beskriv vad bilden visar för den som inte ser den.",
    )
    decorative = blocks.BooleanBlock(
        label="Bilden är dekorativ",
        required=False,
        help_text="Kryssa bara i om bilden inte tillför något (då läses den inte upp).",
    )
    caption = blocks.CharBlock(label="Bildtext", required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt": ValidationError(
                        "Skriv en alternativtext, eller kryssa i att bilden är dekorativ."
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = "Bild"
        template = "blocks/image.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label="Text", features=RICH_TEXT_FEATURES, icon="pilcrow")
    documents = DocumentListBlock()
    contact = ContactCardBlock()
    table = AccessibleTableBlock()
    callout = CalloutBlock()
    image = ImageBlock()

    class Meta:
        block_counts = {}
