"""What a visitor typed, as a Wagtail search query: one set of rules for the whole site.

Only letters and digits count (nothing typed is query syntax), lower-cased, at most
``MAX_TERMS`` words. A run of words that editors list as synonyms (``search_synonyms`` hook:
SIP = samordnad individuell plan) matches any of its forms; words the Swedish configuration
ignores ("och", "om") are left out; a word of ``PREFIX_MIN_LENGTH`` letters or more also
matches longer words beginning with it, and a compound or derived word its parts or root
(``core.fulltext.swedish``). Every term must match; each term in any of its forms.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from modelsearch.query import And, Fuzzy, Or, Phrase, PlainText
from wagtail import hooks
from wagtail.search.backends import get_search_backend

from .swedish import variants

MAX_QUERY_LENGTH = 200
SHORTENED = f"Söktexten var längre än {MAX_QUERY_LENGTH} tecken och har kortats."
MAX_TERMS = 12
PREFIX_MIN_LENGTH = 4
FUZZY_MIN_LENGTH = 4  # shorter words are similar to too much
IGNORED = {}  # word -> whether the search configuration ignores it (never changes)


class Prefix(PlainText):
    """A word that also matches longer words starting with it (``core.fulltext.backend``)."""


def clean(raw):
    """``(text, was_shortened)``: printable, trimmed, at most ``MAX_QUERY_LENGTH`` long."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(raw or "")).split())
    return text[:MAX_QUERY_LENGTH].rstrip(), len(text) > MAX_QUERY_LENGTH


def words(text):
    return re.findall(r"\w+", str(text or "").casefold())[:MAX_TERMS]


def ignored_words(candidates):
    """The words the search configuration ignores (its stop words), asked of PostgreSQL in
    one query for the words this process has not met before."""
    if unknown := sorted(set(candidates) - IGNORED.keys()):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, length(to_tsvector(%s::regconfig, word)) = 0 "
                "FROM unnest(%s::text[]) AS word",
                [get_search_backend().config, unknown],
            )
            if len(IGNORED) > 10_000:
                IGNORED.clear()
            IGNORED.update(cursor.fetchall())
    return {word for word in candidates if IGNORED.get(word)}


def synonym_groups():
    """Each group of equivalent phrases as ``{words: the phrase as the editor wrote it}``."""
    groups = [
        {tuple(words(phrase)): " ".join(str(phrase).split()) for phrase in reversed(group)}
        for hook in hooks.get_hooks("search_synonyms")
        for group in hook() or ()
    ]
    return [group for group in groups if len(group.keys() - {()}) > 1]


def word_query(word):
    if len(word) >= PREFIX_MIN_LENGTH and not word.isdigit():
        return Prefix(word)
    return PlainText(word)


@dataclass
class Term:
    """A required part of the query: the typed words, the phrases that match them (typed
    first, then synonyms; ``labels`` as editors wrote them) and word groups that match when
    all their words do (``variants``: a compound's parts)."""

    typed: tuple
    forms: tuple
    labels: dict = field(default_factory=dict)
    variants: tuple = ()

    def query(self):
        options = [Phrase(" ".join(f)) if len(f) > 1 else word_query(f[0]) for f in self.forms]
        # Parts match by their stems only: a prefix of a short part ("vård:*") costs much.
        options += [And([PlainText(word) for word in group]) for group in self.variants]
        return options[0] if len(options) == 1 else Or(options)


@dataclass
class ParsedQuery:
    text: str = ""
    shortened: bool = False
    terms: list = field(default_factory=list)
    stop_words: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.terms)

    @property
    def words(self):
        return [word for term in self.terms for word in term.typed]

    @property
    def expansions(self):
        """What synonyms added, e.g. ``[("SIP", ["samordnad individuell plan"])]``."""
        labels = [[t.labels[form] for form in t.forms] for t in self.terms if len(t.forms) > 1]
        return [(typed, added) for typed, *added in labels]

    @property
    def forms(self):
        """Every phrase the query matches, as word tuples (to mark snippets)."""
        parts = [(word,) for t in self.terms for group in t.variants for word in group]
        return [form for t in self.terms for form in t.forms] + parts

    @property
    def key(self):
        """What the query means, for cache keys: "SIP", "sip" and "om SIP" share one."""
        return repr([(term.typed, term.forms) for term in self.terms])

    def query(self):
        parts = [term.query() for term in self.terms]
        return (parts[0] if len(parts) == 1 else And(parts)) if parts else None

    def any(self):
        """Any of the terms (a question whose every word no text has), or None."""
        return Or([term.query() for term in self.terms]) if len(self.terms) > 1 else None

    def fuzzy(self):
        """Trigram similarity (``pg_trgm``) to the longer words, for typos, or None."""
        text = " ".join(word for word in self.words if len(word) >= FUZZY_MIN_LENGTH)
        return Fuzzy(text) if text else None


def parse(raw, groups=None):
    """Clean ``raw`` and split it into terms, expanding synonyms (longest match first)."""
    text, shortened = clean(raw)
    typed_words = words(text)
    index = {}
    for group in synonym_groups() if groups is None and typed_words else groups or ():
        for phrase in group:
            index.setdefault(phrase, {}).update(group)
    ignored = ignored_words(typed_words)
    parsed, position = ParsedQuery(text, shortened), 0
    while position < len(typed_words):
        for size in range(min(max(map(len, index), default=1), len(typed_words) - position), 0, -1):
            if (typed := tuple(typed_words[position : position + size])) in index:
                forms = (typed, *sorted(set(index[typed]) - {typed, ()}))
                parsed.terms.append(Term(typed, forms, index[typed]))
                position += size
                break
        else:
            word = typed_words[position]
            if word not in ignored:
                parsed.terms.append(Term((word,), ((word,),), variants=tuple(variants(word))))
            elif word.isalpha():
                parsed.stop_words.append(word)
            position += 1
    return parsed


def backend_search(queryset, query, limit):
    """``[(object, score)]``, best first, at most ``limit``: Wagtail's search and score."""
    results = get_search_backend().search(query, queryset).annotate_score("search_score")
    return [(obj, float(obj.search_score or 0)) for obj in results[:limit]]
