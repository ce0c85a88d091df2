"""Turning what a visitor typed into a Wagtail search query: one set of rules for the site.

1. *Clean*: control characters go, the text is cut at ``MAX_QUERY_LENGTH`` characters.
2. *Words*: only letters and digits count, lower-cased, at most ``MAX_TERMS``: nothing
   typed is read as query syntax, and "AND"/"OR"/"NOT" are just words.
3. *Synonyms*: a word or run of words that editors list as an abbreviation or synonym
   (SIP = samordnad individuell plan) matches every form of it (``search_synonyms`` hook).
4. *Stop words*: words PostgreSQL's Swedish configuration ignores ("och", "om" …) are left
   out, so a query of nothing else can be explained. Inside a synonym phrase they stay.
5. *Compounds and derived words*: a word of ``PREFIX_MIN_LENGTH`` letters or more also
   matches longer words that begin with it ("läkemedel" → "läkemedelsgenomgång"), and the
   parts of a compound or the root of a derived word match too (``core.fulltext.swedish``).

Every term must match (AND); each term may match in any of its forms (OR).
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from modelsearch.query import And, Fuzzy, Or, Phrase, PlainText
from wagtail import hooks
from wagtail.search.backends import get_search_backend

from .swedish import variants

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PREFIX_MIN_LENGTH = 4
FUZZY_MIN_LENGTH = 4  # shorter words are similar to too much
_WORD = re.compile(r"\w+", re.UNICODE)


class Prefix(PlainText):
    """One word that also matches longer words starting with it (``core.fulltext.backend``)."""


def clean(raw):
    """``(text, was_shortened)``: printable characters only, trimmed, at most
    ``MAX_QUERY_LENGTH`` long, as the query should be echoed."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(raw or "")).split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def words(text):
    """The searchable words of ``text``: lower-cased letters and digits, nothing else."""
    return _WORD.findall(str(text or "").casefold())[:MAX_TERMS]


IGNORED = {}  # word -> whether the search configuration ignores it (never changes)


def ignored_words(candidates):
    """The words of ``candidates`` that the search configuration turns into no lexeme (its
    stop words), asked of PostgreSQL in one query for words this process has not met."""
    unknown = sorted(set(candidates) - IGNORED.keys())
    if unknown:
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
    """Each hook's groups of equivalent phrases as ``{words: label}`` (a phrase as a word
    tuple, and as the editor wrote it)."""
    groups = []
    for hook in hooks.get_hooks("search_synonyms"):
        for group in hook() or ():
            phrases = {}
            for phrase in group:
                phrases.setdefault(tuple(words(phrase)), " ".join(str(phrase).split()))
            phrases.pop((), None)
            if len(phrases) > 1:
                groups.append(phrases)
    return groups


@dataclass
class Term:
    """One required part of the query: what was typed, the phrases that may match it (the
    typed words and their synonyms, ``labels`` as editors wrote them) and word groups that
    match when all their words do (``variants``: the parts of a compound)."""

    typed: tuple
    forms: tuple
    labels: dict = field(default_factory=dict)
    variants: tuple = ()

    def query(self):
        options = [Phrase(" ".join(f)) if len(f) > 1 else word_query(f[0]) for f in self.forms]
        options += [And([word_query(w) for w in group]) for group in self.variants]
        return options[0] if len(options) == 1 else Or(options)


def word_query(word):
    if len(word) >= PREFIX_MIN_LENGTH and not word.isdigit():
        return Or([PlainText(word), Prefix(word)])
    return PlainText(word)


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
        """What the synonyms added, e.g. ``[("SIP", ["samordnad individuell plan"])]``."""
        return [
            (t.labels.get(t.typed, " ".join(t.typed)), [t.labels[f] for f in t.forms[1:]])
            for t in self.terms
            if len(t.forms) > 1
        ]

    @property
    def forms(self):
        """Every phrase the query may match, as word tuples (for marking snippets)."""
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
        """Any of the terms (for a question whose every word no text has), or None."""
        return Or([term.query() for term in self.terms]) if len(self.terms) > 1 else None

    def fuzzy(self):
        """Trigram similarity (Wagtail's ``Fuzzy``) to the longer words, for typos; None
        when there are none. Less precise than full text: only for searches finding little."""
        text = " ".join(word for word in self.words if len(word) >= FUZZY_MIN_LENGTH)
        return Fuzzy(text) if text else None


def parse(raw, groups=None):
    """Clean ``raw`` and split it into terms, expanding synonyms (longest match first)."""
    text, shortened = clean(raw)
    query_words = words(text)
    index = {}
    for group in synonym_groups() if groups is None and query_words else groups or []:
        for phrase in dict(group):
            index.setdefault(phrase, {}).update(group)
    longest = max(map(len, index), default=1)
    ignored = ignored_words(query_words) if query_words else set()
    parsed = ParsedQuery(text=text, shortened=shortened)
    position = 0
    while position < len(query_words):
        for size in range(min(longest, len(query_words) - position), 0, -1):
            typed = tuple(query_words[position : position + size])
            if typed in index:
                forms = (typed, *sorted(set(index[typed]) - {typed}))
                parsed.terms.append(Term(typed, forms, index[typed]))
                position += size
                break
        else:
            word = query_words[position]
            if word not in ignored:
                parsed.terms.append(Term((word,), ((word,),), variants=tuple(variants(word))))
            elif word.isalpha():
                parsed.stop_words.append(word)
            position += 1
    return parsed


def backend_search(queryset, query, limit):
    """``[(object, score)]`` for ``query`` within ``queryset``, best first, at most ``limit``:
    Wagtail's search and score."""
    results = get_search_backend().search(query, queryset).annotate_score("search_score")
    return [(obj, float(obj.search_score or 0)) for obj in results[:limit]]
