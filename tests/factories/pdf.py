"""An untagged PDF, as most word processors and scanners still write them, for tests.

A one-font text PDF without structure tree, language or title: what the document check
must catch. The site's own PDFs come from ``core.documents.render_pdf`` (``demo.pdf``).
"""

import textwrap


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def untagged_pdf(title: str, paragraphs: list[str], width: int = 90) -> bytes:
    """Return the bytes of an A4 PDF with a title and wrapped paragraphs (Helvetica).

    Text is encoded as WinAnsi (cp1252), which covers å, ä, ö and é. Long content flows
    onto further pages.
    """
    lines: list[tuple[str, int]] = [(title, 16), ("", 11)]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, width=width) or [""]:
            lines.append((line, 11))
        lines.append(("", 11))

    per_page = 48
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]

    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog_id = add(b"")  # placeholders, filled in below
    pages_id = add(b"")
    font_id = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    page_ids = []
    for page_lines in pages:
        stream = [b"BT", b"56 790 Td"]
        for text, size in page_lines:
            stream.append(b"/F1 %d Tf" % size)
            stream.append(b"(" + _escape(text) + b") Tj")
            stream.append(b"0 -%d Td" % (size + 5))
        stream.append(b"ET")
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font_id, content_id)
            )
        )
    objects[catalog_id - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog_id,
        xref_at,
    )
    return bytes(out)


def pdf_structure(data: bytes) -> dict:
    """What a screen reader and a PDF viewer get from a PDF, read back with pypdf: the
    catalog's tagging, language and title, the heading tags of the structure tree in
    reading order and the bookmarks (outline) flattened in order."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    tags, figures = [], []

    def walk(node):
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                tags.append(str(node["/S"]))
                if node["/S"] == "/Figure":
                    figures.append(str(node.get("/Alt") or ""))
            if "/K" in node:
                walk(node["/K"])

    structure = root.get("/StructTreeRoot")
    if structure is not None:
        walk(structure)

    def flatten(outline):
        for item in outline:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield str(item.title)

    preferences = root.get("/ViewerPreferences") or {}
    mark_info = root.get("/MarkInfo") or {}
    return {
        "marked": bool(mark_info.get("/Marked")),
        "structure_tree": structure is not None,
        "lang": str(root.get("/Lang") or ""),
        "title": str((reader.metadata or {}).get("/Title") or ""),
        "display_doc_title": bool(preferences.get("/DisplayDocTitle")),
        "tags": tags,
        "headings": [t for t in tags if t in {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}],
        "outline": list(flatten(reader.outline)),
        "figure_alts": figures,
        "images": sum(len(page.images) for page in reader.pages),
    }
