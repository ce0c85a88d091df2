"""What is cached and when it is thrown away.

Two layers, both invalidated the moment content changes so that a publication is visible on
the very next request:

* whole anonymous pages, in the "pages" cache
  (``vardsamverkan.middleware.AnonymousPageCacheMiddleware``), and
* fragments shared between pages (main menu, footer, breadcrumbs), in the "default" cache,
  keyed on a *content version*.

Any change that could show up on a public page (publishing or unpublishing a page or an
agreement, moving or deleting a page, saving a snippet, a site setting, a redirect) empties
the page cache and moves the content version on, which orphans every fragment at once.
Rather than tracking which page shows what, the site is small enough (and publications rare
enough) that starting over is both correct and cheap.
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

VERSION_KEY = "content-version"
# Set when an invalidation could not be stored (the shared cache was unreachable): this
# process repeats it before it next reads the content version, so a publication made during
# a Redis outage is not hidden behind fragments cached before it.
_invalidation_pending = False
# The content version read once at the start of a request (see pinned_content_version).
_request_version = ContextVar("content_version", default=None)
# Values of cached(), kept in this process for the content version they were computed for.
# Safe to keep without asking the shared cache again: a key holds the content version, so a
# change of content makes every entry unreachable, and the store is emptied the moment this
# process sees a new version.
_local = {"version": None, "values": {}}

# Models whose rows are shown on public pages. Page models are covered by the publication
# signals; draft saves and revisions are not (they change nothing public).
CONTENT_APPS = {"pages", "agreements"}
CONTENT_MODELS = {
    "wagtailcore.site",
    "wagtailredirects.redirect",
    "wagtaildocs.document",
    "wagtailimages.image",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.searchpromotion",
    "search.synonym",
    # A PDF's text, once extracted, changes what the register's search finds.
    "search.documenttext",
    "wagtailcore.pageviewrestriction",
    # Which documents are public depends on the collection and its view restrictions.
    "wagtailcore.collection",
    "wagtailcore.collectionviewrestriction",
}


def content_version():
    """The current content version: the stored number (one cache read; created on first
    use) and today's date.

    The date is part of it because what is public also changes at midnight without anyone
    publishing: an agreement's status (Kommande, Gällande, Upphört), which meetings are
    upcoming. Everything keyed on the version is recomputed once a day at the latest.
    """
    if _invalidation_pending:
        content_changed()
    pinned = _request_version.get()
    if pinned is not None:
        return pinned
    # A Redis cache pushes the version to every process (vardsamverkan.cache): reading it
    # then costs no round trip. Other caches are simply asked.
    version = getattr(cache, "get_pushed", cache.get)(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return _dated(version)


def _dated(version):
    return f"{version}.{_today()}"


# (start, end, "YYYYMMDD") of the local day this process last saw.
_day = (0.0, 0.0, "")


def _today():
    """Today's local date as text, for every request's content version.

    ``timezone.localdate()`` costs about 10 µs (a time-zone conversion), as much as the
    rest of reading the version; the day's bounds are remembered instead, and the date is
    worked out again only when the clock leaves them (at midnight, or when it is set back).
    """
    global _day
    now = time.time()
    start, end, text = _day
    if not start <= now < end:
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        text = f"{midnight:%Y%m%d}"
        _day = (midnight.timestamp(), (midnight + timedelta(days=1)).timestamp(), text)
    return text


def cached(name, compute, *key_parts, local=True, timeout=DEFAULT_TIMEOUT):
    """``compute()``, kept until content changes: for data many pages share (filter options,
    the register's address, which paths are restricted). One cache read when warm, none
    when this process already holds it.

    ``local=False`` keeps the value in the shared cache only: for large values (rendered
    HTML) and for values keyed on what visitors type (search results), whose number has no
    bound. ``timeout`` shortens how long the shared cache keeps it (the default is
    CACHE_TIMEOUT; keys of past content versions are never asked for again and must not
    pile up in Redis).
    """
    version = content_version()
    if _local["version"] != version:
        _local["version"], _local["values"] = version, {}
    key = ":".join(str(part) for part in (name, version, *key_parts))
    if len(key) > MAX_KEY_LENGTH or any(ord(char) < 33 or ord(char) == 127 for char in key):
        key = f"{name}:{version}:{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()}"
    value = _local["values"].get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout)
        if local and len(_local["values"]) < LOCAL_MAX_ENTRIES:
            _local["values"][key] = value
    return value


LOCAL_MAX_ENTRIES = 5000
# Longer keys, or keys with spaces or control characters (what a visitor typed), are hashed.
MAX_KEY_LENGTH = 200


def versioned_key(key, key_prefix, version):
    """KEY_FUNCTION of the process-local page cache: the content version is part of every
    key, so a publication in any process makes every stored page unreachable at once."""
    return f"{key_prefix}:{version}:{content_version()}:{key}"


@contextmanager
def pinned_content_version():
    """Read the content version once for a whole request instead of at every fragment and
    lookup (each read is a round trip to Redis). A publication made by the request itself
    moves the pinned version on too (content_changed)."""
    token = _request_version.set(content_version())
    try:
        yield
    finally:
        _request_version.reset(token)


def restricted_paths():
    """Tree paths of pages with a view restriction (the subtrees anonymous visitors
    must not see listed)."""
    from wagtail.models import PageViewRestriction

    return cached(
        "restricted-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def protected_paths():
    """Subtrees where a view restriction may apply to a page: the restricted pages and
    every alias of one (an alias inherits its source page's restrictions)."""
    from wagtail.models import Page, PageViewRestriction

    def compute():
        restricted = PageViewRestriction.objects.values("page_id")
        aliases = Page.objects.filter(alias_of__in=restricted).values_list("path", flat=True)
        return sorted({*restricted_paths(), *aliases})

    return cached("protected-paths", compute)


def public_pages(queryset):
    """Like Wagtail's ``.public()``, from the cached restriction list instead of a query."""
    from django.db.models import Q

    paths = restricted_paths()
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)


def content_changed(**kwargs):
    """Throw away everything cached from content: both layers, in every process."""
    global _invalidation_pending
    version = time.time_ns()
    if hasattr(cache, "set_and_push"):
        cache.set_and_push(VERSION_KEY, version, None)
    else:
        cache.set(VERSION_KEY, version, None)
    if _request_version.get() is not None:
        _request_version.set(_dated(version))
    caches["pages"].clear()
    _invalidation_pending = cache.get(VERSION_KEY) != version
    _local["version"], _local["values"] = None, {}


def _is_public_content(sender):
    from wagtail.models import Page

    meta = getattr(sender, "_meta", None)
    if meta is None or issubclass(sender, Page):
        return False  # pages: the publication signals below say when something is public
    return meta.app_label in CONTENT_APPS or meta.label_lower in CONTENT_MODELS


def _on_save_or_delete(sender, **kwargs):
    if _is_public_content(sender):
        content_changed()


def _on_page_created(sender, instance, created=False, raw=False, **kwargs):
    """A page created live (by code such as setup_site, not through the publish action that
    sends page_published) is public at once."""
    from wagtail.models import Page

    if created and not raw and isinstance(instance, Page) and instance.live:
        content_changed()


def _on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        content_changed()


def purge_frontend_cache(instance, **kwargs):
    """Tell a CDN or reverse proxy to forget a published or unpublished snippet's pages.

    Pages are purged by Wagtail's own frontend_cache handlers; snippets that appear on
    public pages say where through ``frontend_cache_urls()``. Off (no purge request)
    unless WAGTAILFRONTENDCACHE names a backend. Other pages that merely list the change
    (menus, the home page) follow within PUBLIC_CACHE_SECONDS.
    """
    from django.conf import settings
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls_of = getattr(instance, "frontend_cache_urls", None)
    if settings.WAGTAILFRONTENDCACHE and urls_of is not None:
        purge_urls_from_cache(urls_of())


def connect():
    for signal in (page_published, page_unpublished, published, unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"caching-{signal}")
    for signal in (published, unpublished):
        signal.connect(purge_frontend_cache, dispatch_uid=f"frontend-cache-{signal}")
    post_save.connect(_on_save_or_delete, dispatch_uid="caching-save")
    post_save.connect(_on_page_created, dispatch_uid="caching-page-create")
    post_delete.connect(_on_save_or_delete, dispatch_uid="caching-delete")
    post_delete.connect(_on_page_deleted, dispatch_uid="caching-page-delete")


def context_processor(request):
    """``content_version`` for ``{% cache %}`` fragment keys; read only if a template uses it."""
    return {"content_version": SimpleLazyObject(content_version)}
