"""The StreamField blocks keep editors from publishing inaccessible content: a table needs
a caption and a header row or column, and headings only come from the heading block, at
level 2 or 3, so the page title stays the only h1 and levels cannot be skipped. What they
render carries its meaning for assistive technology too (captions, alternative text, the
kind of a call-out in words, a document's type and size)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.blocks import RichTextBlock, StreamBlockValidationError

from pages.blocks import AccessibleTableBlock, BodyBlock, HeadingBlock
from tests.factories.pages import ContentPageFactory, DocumentFactory, ImageFactory

CAPTION_MESSAGE = "Ge tabellen en rubrik (tabellrubrik) som beskriver innehållet."
HEADER_MESSAGE = "Välj att första raden och/eller första kolumnen är rubriker."
HEADINGS = {f"h{level}" for level in range(1, 7)}


def table(caption="Tidsgränser", header="row"):
    return {
        "data": [["Steg", "Senast"], ["Inskrivningsmeddelande", "Inom 24 timmar"]],
        "table_caption": caption,
        "table_header_choice": header,
    }


def refusal(value):
    with pytest.raises(ValidationError) as raised:
        AccessibleTableBlock().clean(value)
    return " ".join(raised.value.messages)


def test_table_without_caption_is_refused_in_swedish():
    assert refusal(table(caption="  ")) == CAPTION_MESSAGE


def test_table_without_header_row_or_column_is_refused_in_swedish():
    assert refusal(table(header="neither")) == HEADER_MESSAGE


def test_table_without_caption_and_header_gets_both_messages():
    message = refusal(table(caption="", header="neither"))
    assert CAPTION_MESSAGE in message and HEADER_MESSAGE in message


@pytest.mark.parametrize("header", ["row", "column", "both"])
def test_table_with_caption_and_headers_is_accepted(header):
    cleaned = AccessibleTableBlock().clean(table(header=header))
    assert cleaned["table_caption"] == "Tidsgränser"


def test_body_refuses_a_page_with_a_bad_table():
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "paragraph", "value": "<p>Inledning.</p>"},
            {"type": "table", "value": table(caption="", header="neither")},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        body.clean(value)
    errors = raised.value.block_errors
    assert list(errors) == [1], "only the table block is refused"
    assert CAPTION_MESSAGE in " ".join(errors[1].messages)


def rich_text_blocks(block):
    """Every rich text block inside ``block``, however deeply nested."""
    if isinstance(block, RichTextBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from rich_text_blocks(child)
    if hasattr(block, "child_block"):
        yield from rich_text_blocks(block.child_block)


def test_no_rich_text_in_the_body_offers_headings():
    blocks = list(rich_text_blocks(BodyBlock()))
    assert {block.name for block in blocks} >= {"paragraph", "text"}
    for block in blocks:
        assert not HEADINGS & set(block.features), block.name
        assert not HEADINGS & set(block.field.widget.features), block.name


def test_headings_pasted_into_a_paragraph_are_stored_as_plain_text():
    paragraph = BodyBlock().child_blocks["paragraph"]
    converter = paragraph.field.widget.converter
    stored = converter.to_database_format(
        converter.from_database_format("<h1>Rubrik</h1><h4>Underrubrik</h4><p>Text.</p>")
    )
    assert not any(f"<{tag}" in stored for tag in HEADINGS), stored
    assert "Rubrik" in stored and "Text." in stored


def test_heading_block_only_offers_levels_2_and_3():
    levels = [value for value, _label in HeadingBlock().child_blocks["level"].field.choices]
    assert sorted(v for v in levels if v) == ["h2", "h3"]


# -- what visitors get ----------------------------------------------------------------------


@pytest.fixture
def page_of_every_block(db):
    image = ImageFactory(title="Vårdkedjan", width=1600, height=900)
    document = DocumentFactory(title="Riktlinje för utskrivning")
    body = [
        ("heading", {"text": "Så går det till", "level": "h2"}),
        ("heading", {"text": "Första steget", "level": "h3"}),
        ("table", table() | {"first_row_is_table_header": True, "cell": [], "mergeCells": []}),
        ("callout", {"kind": "tip", "title": "Bra att veta", "text": "<p>Ring först.</p>"}),
        ("image", {"image": image, "alt": "Vårdkedjan från sjukhus till hemmet", "caption": ""}),
        ("image", {"image": image, "alt": "", "decorative": True, "caption": "Dekor"}),
        ("documents", {"heading": "Dokument", "documents": [{"document": document, "title": ""}]}),
    ]
    return ContentPageFactory(body=body)


def test_blocks_render_accessible_html(client, page_of_every_block):
    response = client.get(page_of_every_block.url)
    assert response.status_code == 200
    stream = BeautifulSoup(response.content, "html.parser").select_one("main .stream")
    assert [(h.name, h.get_text()) for h in stream.select("h2, h3")] == [
        ("h2", "Så går det till"),
        ("h3", "Första steget"),
        ("h2", "Dokument"),
    ]
    region = stream.select_one("div.table-wrapper[role=region]")
    assert region["aria-label"] == "Tidsgränser"
    # A tab stop only when it scrolls: site.js decides (tests/browser/test_polish.py).
    assert not region.has_attr("tabindex") and region.has_attr("data-scroll-region")
    assert region.table.caption.get_text(strip=True) == "Tidsgränser"
    assert [th.get_text(strip=True) for th in region.select("thead th[scope=col]")] == [
        "Steg",
        "Senast",
    ]
    callout = stream.select_one(".callout[role=note]")
    assert callout.select_one(".callout__kind").get_text() == "Tips"  # the kind in words
    described, decorative = stream.select("figure img")
    assert described["alt"] == "Vårdkedjan från sjukhus till hemmet"
    assert decorative["alt"] == ""
    assert described["srcset"] and described["loading"] == "lazy"
    link = stream.select_one(".document-list a.document-link")
    assert link.get_text(" ", strip=True).startswith("Riktlinje för utskrivning (PDF,")
