"""Snippets: a short piece of a hit's text around the words that matched, marked up.

The text comes from Wagtail's search index (the plain text it indexed for the page,
agreement or document), so a page of results needs one query for all its snippets. Words
are marked with <mark> when their Swedish stem (Snowball, as PostgreSQL's ``swedish``
configuration stems) equals the stem of a query word or, for words long enough for prefix
matching, starts with it: the rules the search used. Everything else is escaped.
"""

import re
from html import escape  # what django.utils.html.escape does, without its lazy-text wrapper

import snowballstemmer
from django.utils.safestring import mark_safe

from core.fulltext import PREFIX_MIN_LENGTH

SNIPPET_LENGTH = 240
CONTEXT_BEFORE = 60
_TOKEN = re.compile(r"\w+", re.UNICODE)


class Highlighter:
    """Marks the words a query matched: single words anywhere, phrases (a synonym such as
    "samordnad individuell plan") only where their words stand together."""

    def __init__(self, forms):
        # A stemmer keeps state while it works: one per highlighter, never shared.
        self.stemmer = snowballstemmer.stemmer("swedish")
        self.singles = {form[0] for form in forms if len(form) == 1}
        self.phrases = [form for form in forms if len(form) > 1]
        self.stems = {
            word: (
                self.stemmer.stemWord(word),
                len(word) >= PREFIX_MIN_LENGTH and not word.isdigit(),
            )
            for form in forms
            for word in form
        }
        self.matched = {}  # token -> the query words it matches

    def matches(self, token):
        """The query words that ``token`` matches (a stem is always the beginning of its
        word, so most tokens are ruled out without stemming them)."""
        token = token.casefold()
        found = self.matched.get(token)
        if found is None:
            found, token_stem = set(), None
            for word, (stem, prefix) in self.stems.items():
                if token == word:
                    found.add(word)
                elif token.startswith(stem):
                    token_stem = token_stem or self.stemmer.stemWord(token)
                    if token_stem == stem or (prefix and token_stem.startswith(stem)):
                        found.add(word)
            self.matched[token] = found
        return found

    def spans(self, text):
        tokens = list(_TOKEN.finditer(text))
        matched = [self.matches(token.group()) for token in tokens]
        marked = {position for position, words in enumerate(matched) if words & self.singles}
        for phrase in self.phrases:
            for start in range(len(tokens) - len(phrase) + 1):
                if all(word in matched[start + offset] for offset, word in enumerate(phrase)):
                    marked.update(range(start, start + len(phrase)))
        return [tokens[position].span() for position in sorted(marked)]

    def snippet(self, text, fallback=""):
        """A marked-up snippet of ``text``; ``fallback`` (plain) when nothing matches."""
        text = " ".join((text or "").split())
        spans = self.spans(text)
        if not spans:
            plain = " ".join((fallback or text).split())
            if len(plain) > SNIPPET_LENGTH:
                plain = plain[:SNIPPET_LENGTH].rsplit(" ", 1)[0] + " …"
            return mark_safe(escape(plain))  # noqa: S308 (escaped)
        start, end = _best_window(text, spans)
        parts = ["… " if start > 0 else ""]
        position = start
        for span_start, span_end in spans:
            if span_start < start or span_end > end:
                continue
            parts.append(escape(text[position:span_start]))
            parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
            position = span_end
        parts.append(escape(text[position:end]))
        parts.append(" …" if end < len(text) else "")
        return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)


def _best_window(text, spans):
    """The window of ``SNIPPET_LENGTH`` characters with the most marked words (the first
    such window): for each marked word, the words from it that end within the window,
    counted with a second pointer since spans are sorted and do not overlap."""
    best, best_count = spans[0][0], 0
    last = 0  # the last span that ends within the current window
    for first, (span_start, _) in enumerate(spans):
        limit = span_start + SNIPPET_LENGTH
        last = max(last, first - 1)
        while last + 1 < len(spans) and spans[last + 1][1] <= limit:
            last += 1
        count = last - first + 1
        if count > best_count:
            best, best_count = span_start, count
    start = max(0, best - CONTEXT_BEFORE)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best else best
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + SNIPPET_LENGTH // 2:
            end = space
    return start, end
