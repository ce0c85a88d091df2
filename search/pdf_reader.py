"""Reads the text out of one PDF: a separate process, run by ``search.extraction``.

The PDF comes on standard input and its text goes to standard output (UTF-8). The
process that starts this one limits its time and memory, so a crafted PDF (small on disk,
tens of megabytes of text operators when inflated) ends here, not in the worker. Here the
page and character limits are checked while a page is read (pypdf calls back for every
piece of text), so a page with too much text is cut off at once.

Only pypdf is imported: no Django, so the process starts quickly.
"""

import io
import sys

from pypdf import PdfReader
from pypdf.errors import LimitReachedError

# Exit status when pypdf's own limits (tokens per stream and the like) stop the reading.
TOO_MUCH_CONTENT = 3


class EnoughText(Exception):
    pass


def read(data, max_pages, max_characters):
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many PDFs are "encrypted" with an empty password
    parts = []
    pieces = []  # the text of the page being read, as pypdf finds it
    size = 0

    def visit(text, *args):
        nonlocal size
        pieces.append(text)
        size += len(text)
        if size > max_characters:
            raise EnoughText

    for page in reader.pages[:max_pages]:
        pieces.clear()
        try:
            parts.append(page.extract_text(visitor_text=visit) or "")
        except EnoughText:
            parts.append("".join(pieces))
            break
    return "\n\n".join(parts)


def main():
    max_pages, max_characters = int(sys.argv[1]), int(sys.argv[2])
    try:
        text = read(sys.stdin.buffer.read(), max_pages, max_characters)
    except LimitReachedError as exc:
        print(exc, file=sys.stderr)
        sys.exit(TOO_MUCH_CONTENT)
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))


if __name__ == "__main__":
    main()
