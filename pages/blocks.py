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


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label="Text", features=RICH_TEXT_FEATURES, icon="pilcrow")
    documents = DocumentListBlock()
    contact = ContactCardBlock()
    table = AccessibleTableBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
