"""A tiny PDF writer for demo content and tests.

Demo agreements and minutes need real PDF attachments (with extractable Swedish text,
so search can be shown to work), and the project must not fetch sample files from the
internet. A one-font text PDF is simple enough to write directly, so this avoids a
PDF-generation dependency used only for demo data.
"""

import textwrap


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(title: str, paragraphs: list[str], width: int = 90) -> bytes:
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
