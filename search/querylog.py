"""Wagtail's search query log, kept deliberately cheap and bounded.

Wagtail's own way (``Query.get(q).add_hit()`` in the view) costs three to five writes on
every search request. Here a search request writes nothing to the database:

* Only real searches count: the first result page of a query with searchable words, not
  paging or type filtering within it. Queries that look like personal data (an e-mail
  address, a run of six or more digits such as a personal identity or phone number) are
  never logged.
* Counts are collected in the worker process's memory and handed over as one background
  task (``search.tasks.record_search_queries``) at most every
  ``SEARCH_QUERY_LOG_FLUSH_SECONDS`` (default 60) or when ``SEARCH_QUERY_LOG_MAX_PENDING``
  distinct queries are waiting. A restart may lose up to that minute of counts: these are
  statistics for editors, not records.
* Retention: daily counts older than ``WAGTAILSEARCH_HITS_MAX_AGE`` days are deleted, and
  queries left with no counts and no promoted results with them; the task does this once a
  day by itself, and ``manage.py searchpromotions_garbage_collect`` does the same from cron.

The counts feed the admin's "Söktermer" report and show editors which queries deserve a
promoted result or a new synonym.
"""

import datetime
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

_EMAIL = re.compile(r"\S@\S")
_lock = threading.Lock()
_pending = Counter()
_last_flush = time.monotonic()


def flush_seconds():
    return getattr(settings, "SEARCH_QUERY_LOG_FLUSH_SECONDS", 60)


def max_pending():
    return getattr(settings, "SEARCH_QUERY_LOG_MAX_PENDING", 200)


def loggable(typed):
    """False for queries that may carry personal data: an e-mail address, or six digits or
    more (personal identity numbers, phone numbers)."""
    return bool(typed) and not _EMAIL.search(typed) and sum(c.isdigit() for c in typed) < 6


def record(typed, query_string):
    """Count one search: ``typed`` as the visitor wrote it (to judge whether it may be
    logged), ``query_string`` normalised (lower-case words) as it is stored."""
    global _last_flush
    if not query_string or not loggable(typed):
        return
    from wagtail.search.utils import normalise_query_string

    key = (timezone.localdate().isoformat(), normalise_query_string(query_string))
    batch = None
    with _lock:
        _pending[key] += 1
        now = time.monotonic()
        if now - _last_flush >= flush_seconds() or len(_pending) >= max_pending():
            batch = [[date, query, count] for (date, query), count in _pending.items()]
            _pending.clear()
            _last_flush = now
    if batch:
        from .tasks import record_search_queries

        record_search_queries.enqueue(batch)


def flush():
    """Hand over whatever is waiting now (tests, and a clean shutdown if wanted)."""
    global _last_flush
    with _lock:
        batch = [[date, query, count] for (date, query), count in _pending.items()]
        _pending.clear()
        _last_flush = time.monotonic()
    if batch:
        from .tasks import record_search_queries

        record_search_queries.enqueue(batch)


def pending():
    with _lock:
        return dict(_pending)


def write_counts(entries):
    """Add ``[[iso_date, query, count], …]`` to Wagtail's ``Query``/``QueryDailyHits``."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    with transaction.atomic():
        for date, query_string, count in entries:
            query = Query.get(query_string)
            day = datetime.date.fromisoformat(date)
            hits, created = QueryDailyHits.objects.get_or_create(
                query=query, date=day, defaults={"hits": count}
            )
            if not created:
                QueryDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + count)
    garbage_collect_daily()


def garbage_collect_daily():
    """Apply the retention period, at most once a day per cache."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    if cache.add(f"search:querylog-gc:{timezone.localdate().isoformat()}", 1, 26 * 3600):
        QueryDailyHits.garbage_collect()
        Query.garbage_collect()
