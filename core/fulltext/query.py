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
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.query import And, Fuzzy, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from core.caching import kept_across_changes

from .swedish import variants

MAX_QUERY_LENGTH = 200
SHORTENED = f"Söktexten var längre än {MAX_QUERY_LENGTH} tecken och har kortats."
MAX_TERMS = 12
PREFIX_MIN_LENGTH = 4
FUZZY_MIN_LENGTH = 4  # shorter words are similar to too much
INDEX_SEARCH_MARGIN = 50  # entries read beyond the limit, for those a queryset leaves out
RANKING_FORMAT = 1  # part of the kept rankings' keys: raise it when a Ranking changes shape
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
class ParsedQuery:
    """``parse``'s reading of a query: ``terms``, one Wagtail query each that must match;
    ``typed``, each term's words; ``expansions``, what synonyms added
    (``[("SIP", ["samordnad individuell plan"])]``); ``stop_words``, the words left out."""

    text: str = ""
    shortened: bool = False
    terms: list = field(default_factory=list)
    typed: list = field(default_factory=list)
    expansions: list = field(default_factory=list)
    stop_words: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.terms)

    @property
    def words(self):
        return [word for typed in self.typed for word in typed]

    @property
    def key(self):
        """What the query means, for cache keys: "SIP", "sip" and "om SIP" share one."""
        return repr(self.query())

    def query(self):
        return (self.terms[0] if len(self.terms) == 1 else And(self.terms)) if self else None

    def any(self):
        """Any of the terms (a question whose every word no text has), or None."""
        return Or(self.terms) if len(self.terms) > 1 else None

    def tsquery(self):
        """Any of the terms as PostgreSQL text-search query (Django's ``SearchQuery``),
        compiled as the backend compiles a search."""
        query, backend = self.any() or self.query(), get_search_backend()
        compiler = backend.query_compiler_class(Page.objects.none(), query)
        return compiler.build_tsquery(query, config=backend.config)

    def fuzzy(self):
        """Trigram similarity (``pg_trgm``) to the longer words, for typos, or None."""
        text = " ".join(word for word in self.words if len(word) >= FUZZY_MIN_LENGTH)
        return Fuzzy(text) if text else None


def parse(raw, groups=None):
    """Clean ``raw`` and split it into terms, expanding synonyms (longest match first): a
    term matches any of its phrases, or (a compound or derived word) all of its parts."""
    text, shortened = clean(raw)
    typed_words, index = words(text), {}
    for group in synonym_groups() if groups is None and typed_words else groups or ():
        for phrase in group:
            index.setdefault(phrase, {}).update(group)
    ignored, parsed, position = ignored_words(typed_words), ParsedQuery(text, shortened), 0
    while rest := typed_words[position:]:
        runs = (tuple(rest[:n]) for n in range(len(rest), 1, -1))
        typed = next((run for run in runs if run in index), tuple(rest[:1]))
        position += len(typed)
        if forms := sorted(set(index.get(typed, ())) - {typed, ()}):
            parsed.expansions.append((index[typed][typed], [index[typed][f] for f in forms]))
        elif typed[0] in ignored:
            parsed.stop_words += [word for word in typed if word.isalpha()]
            continue
        options = [Phrase(" ".join(f)) if len(f) > 1 else word_query(f[0]) for f in (typed, *forms)]
        # Parts match by their stems only: a prefix of a short part ("vård:*") costs much.
        options += [
            And(list(map(PlainText, part))) for part in ([] if forms else variants(typed[0]))
        ]
        parsed.terms.append(options[0] if len(options) == 1 else Or(options))
        parsed.typed.append(typed)
    return parsed


def backend_search(queryset, query, limit):
    """``[(object, score)]``, best first, at most ``limit``: Wagtail's search and score."""
    results = get_search_backend().search(query, queryset).annotate_score("search_score")
    return [(obj, float(obj.search_score or 0)) for obj in results[:limit]]


def index_search(queryset, query, limit, scope=None, known=None):
    """``backend_search`` ranked on Wagtail's index entries alone, the objects read after:
    the same matches, scores and order (best first, then the newest). PostgreSQL then ranks
    one table, the model's entries, and reads only the best rows' objects, instead of
    joining every match's entry (its text vectors included) to its object. The best entries
    that are not in ``queryset`` (an unpublished agreement's, say) are passed over and more
    read. For models with an integer key (agreements, pages: a model and the models that
    inherit from it); typo searches (``Fuzzy``) go through ``backend_search``.

    With ``scope`` (the name of a log in ``core.caching`` that has the objects' changes by
    id) the ranking is kept across changes, and only the changed objects' entries are ranked
    again. ``known`` (``{id: what was made of its object}``) are objects read before and not
    changed since: they are not read again, and what was made of them is returned instead.
    """
    if isinstance(query, Fuzzy):
        return backend_search(queryset, query, limit)
    backend = get_search_backend()
    compiler = backend.query_compiler_class(queryset, query)
    config = backend.config
    text = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    score = compiler.build_tsrank(F("title"), query, config=config) * F("title_norm")
    score += compiler.build_tsrank(F("body"), query, config=config)
    content_type = ContentType.objects.get_for_model(queryset.model)
    entries = (
        IndexEntry.objects.filter(
            content_type__in=get_descendants_content_types_pks(queryset.model)
        )
        .alias(text=text)
        .filter(text=compiler.build_tsquery(query, config=config))
        .annotate(object_pk=Cast("object_id", IntegerField()), score=score)
        .order_by("-score", "-object_pk")
        .values_list("object_pk", "score")
    )
    window, timeout = limit + INDEX_SEARCH_MARGIN, settings.SEARCH_RESULTS_CACHE_SECONDS
    while True:
        compute = partial(Ranking.of, entries, window)
        if scope:
            update = lambda kept, ids: kept.updated(entries, ids)  # noqa: E731
            key = RANKING_FORMAT, content_type.pk, config, repr(query), window
            ranking = kept_across_changes(
                "ranking", compute, update, *key, scope=scope, timeout=timeout
            )
        else:
            ranking = compute()
        pks, known = [pk for pk, _ in ranking.rows], known or {}
        objects = {pk: known[pk] for pk in pks if pk in known}
        objects |= queryset.in_bulk([pk for pk in pks[:limit] if pk not in objects])
        if any(pk not in objects for pk in pks[:limit]):  # the rest only if some were left out
            objects |= queryset.in_bulk([pk for pk in pks[limit:] if pk not in objects])
        found = [(objects[pk], score) for pk, score in ranking.rows if pk in objects]
        if len(found) >= limit or ranking.complete:
            return found[:limit]
        window *= 4


@dataclass
class Ranking:
    """The best ``(object id, score)`` of a query's index entries, best first (then the
    newest); ``complete`` if they are all of them, else ``boundary`` the last one read: the
    entries not read all rank below it."""

    rows: list
    complete: bool
    boundary: tuple = None

    @classmethod
    def of(cls, entries, window):
        rows = [(pk, float(score or 0)) for pk, score in entries[:window]]
        complete = len(rows) < window
        return cls(rows, complete, None if complete else rank_key(rows[-1]))

    def updated(self, entries, ids):
        """The ranking once the entries of the objects ``ids`` changed: theirs ranked again
        (an object gone or no longer matching drops out); an incomplete ranking keeps only
        what ranks above its boundary, for the entries it never read may come next."""
        ids = set(ids)
        fresh = entries.filter(object_id__in=[str(pk) for pk in sorted(ids)]) if ids else []
        rows = [row for row in self.rows if row[0] not in ids]
        rows += [(pk, float(score or 0)) for pk, score in fresh]
        rows.sort(key=rank_key)
        if not self.complete:
            rows = [row for row in rows if rank_key(row) <= self.boundary]
        return Ranking(rows, self.complete, self.boundary)


def rank_key(row):
    """The entries' order: the best score first, then the highest id."""
    pk, score = row
    return -score, -pk
