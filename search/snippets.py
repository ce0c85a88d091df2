"""Snippets: a short piece of a hit's text around the words that matched, marked up.

The text comes from the search index itself (the plain text Wagtail indexed for the page,
agreement or document), so a page of results needs one query for all its snippets. Words
are marked with <mark> when their Swedish stem starts with the stem of a query word
(the same rule the search used: stemming plus prefix matching for compounds). Everything
else is escaped.
"""

import re
from html import escape  # what django.utils.html.escape does, without its lazy-text wrapper

from django.utils.safestring import mark_safe

from core.fulltext import PREFIX_MIN_LENGTH

from .stemming import stem

SNIPPET_LENGTH = 240
CONTEXT_BEFORE = 60
_TOKEN = re.compile(r"\w+", re.UNICODE)


class Highlighter:
    """Marks the words a query matched: single words anywhere, phrases (a synonym such as
    "samordnad individuell plan") only where their words stand together.

    Each distinct token of the texts is compared with the query's words once (stemming
    is the costly part) and remembered as a bit mask of the words it matches, so a result
    page of long documents costs one pass over their tokens."""

    def __init__(self, forms):
        self.words = []
        positions = {}

        def bit(word):
            if word not in positions:
                positions[word] = len(self.words)
                self.words.append(_Word(word))
            return 1 << positions[word]

        self.singles = 0  # bits of the words that match on their own
        self.sequences = []  # a phrase: the bit of each of its words, in order
        for form in forms:
            if len(form) == 1:
                self.singles |= bit(form[0])
            else:
                self.sequences.append([bit(word) for word in form])
        self._masks = {}
        # A stem is always the beginning of its word (the Swedish stemmer only cuts endings),
        # so a token can only match a word if it begins with that word's stem: most tokens
        # are ruled out without stemming them.
        self._stems = tuple(word.stem for word in self.words)

    def _mask(self, token):
        mask = self._masks.get(token)
        if mask is None:
            mask = 0
            if token.casefold().startswith(self._stems):
                for position, word in enumerate(self.words):
                    if word.matches(token):
                        mask |= 1 << position
            self._masks[token] = mask
        return mask

    def spans(self, text):
        tokens = list(_TOKEN.finditer(text))
        masks = [self._mask(token.group()) for token in tokens]
        marked = {position for position, mask in enumerate(masks) if mask & self.singles}
        for sequence in self.sequences:
            size = len(sequence)
            first = sequence[0]
            for position in range(len(tokens) - size + 1):
                if masks[position] & first and all(
                    masks[position + offset] & word for offset, word in enumerate(sequence)
                ):
                    marked.update(range(position, position + size))
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


class _Word:
    """One query word: matches a token with the same stem or, for words long enough for
    prefix matching, a token whose stem starts with the word's stem (compounds)."""

    def __init__(self, word):
        self.word = word
        self.stem = stem(word)
        self.prefix = len(word) >= PREFIX_MIN_LENGTH and not word.isdigit()

    def matches(self, token):
        token = token.casefold()
        if token == self.word:
            return True
        token_stem = stem(token)
        return token_stem.startswith(self.stem) if self.prefix else token_stem == self.stem


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
