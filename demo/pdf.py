"""PDF files for demo content and tests, made with the site's own PDF generator.

Demo agreements and minutes need real PDF attachments (with extractable Swedish text, so
search can be shown to work), and the project must not fetch sample files from the
internet. They are made like every PDF the site generates (``core.documents.render_pdf``),
so they are tagged, in Swedish and titled: the demo site has no inaccessible PDF.
"""

from django.template.loader import render_to_string

from core.documents import render_pdf


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """Return the bytes of a tagged A4 PDF with a title (a level-1 heading) and paragraphs."""
    html = render_to_string("pdf/document.html", {"pdf_title": title, "paragraphs": paragraphs})
    return render_pdf(html)
