"""The editor guide (docs/redaktorsguide.md), shown inside the admin.

The guide is kept as Markdown in docs/ so it is readable in the repository and reviewed like
code; this renders the small subset it uses (headings, paragraphs, lists, bold, links)
without a Markdown dependency. Everything is escaped first, so the file cannot inject HTML.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

GUIDE_PATH = Path(settings.BASE_DIR) / "docs" / "redaktorsguide.md"

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<!\*)\*(?!\*)(.+?)\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|/[^)\s]*)\)")


def _inline(text):
    text = escape(text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return _LINK.sub(r'<a href="\2">\1</a>', text)


def render_guide(markdown):
    html, paragraph, list_tag, items = [], [], None, []

    def flush():
        nonlocal paragraph, list_tag, items
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph = []
        if list_tag:
            html.append(
                f"<{list_tag}>"
                + "".join(f"<li>{_inline(i)}</li>" for i in items)
                + f"</{list_tag}>"
            )
            list_tag, items = None, []

    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading = re.match(r"^(#{1,3}) (.+)$", line)
        bullet = re.match(r"^- (.+)$", line)
        numbered = re.match(r"^\d+\. (.+)$", line)
        if heading:
            flush()
            level = len(heading.group(1))
            html.append(f"<h{level + 1}>{_inline(heading.group(2))}</h{level + 1}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or (list_tag and list_tag != tag):
                flush()
            list_tag = tag
            items.append((bullet or numbered).group(1))
        elif line.startswith("   ") and list_tag and items:
            items[-1] += " " + line.strip()
        elif not line:
            flush()
        else:
            if list_tag:
                flush()
            paragraph.append(line.strip())
    flush()
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text was escaped above


def guide_html():
    return render_guide(GUIDE_PATH.read_text(encoding="utf-8"))
