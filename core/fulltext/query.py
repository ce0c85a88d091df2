"""Turning what a visitor typed into a search query: one set of rules for the whole site.

Staff type a few Swedish words, often an abbreviation, sometimes pasted text with odd
characters. The rules, in order:

1. *Clean*: control characters (NUL and friends) are removed and the text is cut at
   ``MAX_QUERY_LENGTH`` characters (the search boxes allow as much).
2. *Words*: only letters and digits count. Quotes, operators and punctuation are dropped and
   words are lower-cased, so nothing a visitor types is read as query syntax (SQL, FTS or
   otherwise) and "AND"/"OR"/"NOT" are just words. At most ``MAX_TERMS`` words are used.
3. *Synonyms*: where a word or a run of words is an abbreviation or synonym that editors
   have listed (SIP = samordnad individuell plan), every form of it is searched for. The
   lists come from the ``search_synonyms`` hook, so this module needs no model of its own.
4. *Stop words*: words so common that PostgreSQL's Swedish configuration ignores them
   ("och", "att", "för" …) are left out, so "om SIP" is the same search as "SIP" and a query
   of nothing else can be explained. PostgreSQL is asked which words those are
   (``ignored_words``). Inside a synonym phrase they stay (phrases match word by word).
5. *Compounds*: Swedish joins words into compounds ("läkemedel" → "läkemedelsgenomgång"), so
   a word of ``PREFIX_MIN_LENGTH`` letters or more also matches longer words that start with
   it (prefix matching on the stemmed word). An exact match ranks above a prefix match.

Every word of the query must match (AND); each word may match in any of its forms (OR).
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from modelsearch.query import And, Or, Phrase, PlainText
from wagtail import hooks
from wagtail.search.backends import get_search_backend

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PREFIX_MIN_LENGTH = 4
SYNONYMS_HOOK = "search_synonyms"

_WORD = re.compile(r"\w+", re.UNICODE)


class Prefix(PlainText):
    """One word that also matches longer words starting with it (Swedish compounds).

    Understood by the site's search backend (``core.fulltext.backend``).
    """


def clean(raw):
    """The query as a visitor should see it echoed: printable characters only, trimmed,
    at most ``MAX_QUERY_LENGTH`` long. Returns ``(text, was_shortened)``."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw or ""))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def words(text):
    """The searchable words of ``text``: lower-cased letters and digits, nothing else."""
    return _WORD.findall(str(text or "").casefold())[:MAX_TERMS]


# Whether PostgreSQL's text search configuration ignores a word, per word asked so far
# (that never changes while the process runs).
IGNORED = {}


def ignored_words(candidates):
    """The words of ``candidates`` that the search configuration turns into no lexeme at
    all (its stop words, and tokens such as "_"), asked of PostgreSQL in one query for the
    words this process has not asked about before."""
    unknown = sorted(set(candidates) - IGNORED.keys())
    if unknown:
        config = get_search_backend().config
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, length(to_tsvector(%s::regconfig, word)) = 0 "
                "FROM unnest(%s::text[]) AS word",
                [config, unknown],
            )
            if len(IGNORED) > 10_000:
                IGNORED.clear()
            IGNORED.update(cursor.fetchall())
    return {word for word in candidates if IGNORED.get(word)}


def synonym_groups():
    """Every synonym group the installed apps provide.

    A hook returns an iterable of groups; a group is an iterable of phrases (strings) that
    mean the same thing, e.g. ``["SIP", "samordnad individuell plan"]``. Returned as lists
    of ``(words, label)``: the phrase as a word tuple and as the editor wrote it.
    """
    groups = []
    for hook in hooks.get_hooks(SYNONYMS_HOOK):
        for group in hook() or ():
            phrases = {}
            for phrase in group:
                phrase_words = tuple(words(phrase))
                if phrase_words and phrase_words not in phrases:
                    phrases[phrase_words] = " ".join(str(phrase).split())
            if len(phrases) > 1:
                groups.append(list(phrases.items()))
    return groups


@dataclass
class Term:
    """One required part of the query: what was typed and every form that may match it
    (``labels`` holds the synonyms as the editors wrote them, for display)."""

    typed: tuple
    forms: tuple
    labels: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.labels.get(self.typed, " ".join(self.typed))

    @property
    def expansions(self):
        return [self.labels.get(form, " ".join(form)) for form in self.forms if form != self.typed]


@dataclass
class ParsedQuery:
    """A cleaned query, ready for the search backend (see ``parse``)."""

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
        return [(t.label, t.expansions) for t in self.terms if t.expansions]

    @property
    def forms(self):
        """Every form the query may match, as word tuples (typed words and synonyms)."""
        return [form for term in self.terms for form in term.forms]

    def query(self):
        """The modelsearch query: AND over the terms, OR over each term's forms."""
        parts = [_term_query(term) for term in self.terms]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


def _word_query(word):
    if len(word) >= PREFIX_MIN_LENGTH and not word.isdigit():
        return Or([PlainText(word), Prefix(word)])
    return PlainText(word)


def _form_query(form):
    if len(form) == 1:
        return _word_query(form[0])
    return Phrase(" ".join(form))


def _term_query(term):
    queries = [_form_query(form) for form in term.forms]
    return queries[0] if len(queries) == 1 else Or(queries)


def parse(raw, groups=None):
    """Clean ``raw`` and split it into terms, expanding synonyms (longest match first)."""
    text, shortened = clean(raw)
    query_words = words(text)
    if groups is None:
        groups = synonym_groups() if query_words else []
    index = {}
    for group in groups:
        for phrase, _ in group:
            index.setdefault(phrase, {}).update(group)
    longest = max((len(phrase) for phrase in index), default=1)
    ignored = ignored_words(query_words) if query_words else set()

    parsed = ParsedQuery(text=text, shortened=shortened)
    position = 0
    while position < len(query_words):
        for size in range(min(longest, len(query_words) - position), 0, -1):
            candidate = tuple(query_words[position : position + size])
            if candidate in index:
                labels = index[candidate]
                forms = [candidate] + sorted(set(labels) - {candidate})
                parsed.terms.append(Term(candidate, tuple(forms), labels))
                position += size
                break
        else:
            word = query_words[position]
            if word in ignored:
                if word.isalpha():
                    parsed.stop_words.append(word)
            else:
                parsed.terms.append(Term((word,), ((word,),)))
            position += 1
    return parsed
