"""Files an attacker with an editor's account could upload (issue 22), built when a test
needs them: small on disk, hostile when read."""

import zlib

# A GIF whose header is also JavaScript: the width bytes open a comment that the rest
# closes, so a browser told it is a script would run it. Pillow cannot read it as an image.
POLYGLOT_GIF = (
    b"GIF89a/*\x0a\x00\x00\x00\x00\x00*/=1;alert(document.domain);/*" + b"\0" * 16 + b"*/"
)

# A CSV row with bytes that Windows-1252 leaves undefined (0x81, 0x8d).
CSV_HEADER = "Kortadress;Titel;Dokumenttyp;Nivå;Ägare;Sammanfattning"
CSV_UNDECODABLE = (CSV_HEADER + "\n").encode() + b"rutin;Rutin \x81\x8d;Rutin;Lokal;SAMLA;Text\n"


def csv_rows(count, summary="En kort sammanfattning."):
    """A valid-looking CSV file of ``count`` rows (bytes)."""
    rows = [CSV_HEADER] + [
        f"rutin-{n};Rutin {n};Rutin;Lokal nivå;SAMLA;{summary}" for n in range(count)
    ]
    return ("\n".join(rows) + "\n").encode()


def inflating_pdf(text_megabytes=60, pages=1):
    """A valid PDF whose page content streams inflate to ``text_megabytes`` MB of text
    operators in all, from a file of a few hundred kilobytes at most."""
    per_page = text_megabytes * 1024 * 1024 // pages
    operator = b"BT /F1 12 Tf 72 712 Td (Vardsamverkan) Tj ET\n"
    stream = zlib.compress(operator * (per_page // len(operator)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(pages))
        + f"] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
