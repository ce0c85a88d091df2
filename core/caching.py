"""What is cached, and how it is thrown away the moment content changes.

Everything cached from content is keyed on a *content version*: a number kept in the shared
cache (``CACHES["default"]``: Redis in production) plus today's date, because what is
public also changes at midnight without anyone publishing (an agreement's status, which
meetings are upcoming). Any change that could show on a public page moves the number on;
every key made with the old version is never asked for again, in every process at once.
Rather than tracking which page shows what, the site is small enough, and publications
rare enough, that starting over is both correct and cheap.

The version is read once per request (``ContentVersionMiddleware``) from a copy each
process keeps for ``CONTENT_VERSION_SECONDS`` (one second), so a page answered from the
page cache costs no round trip to Redis: a publication shows at once in the process that
made it and within that second in every other. It keys

* whole anonymous pages (``core.middleware.AnonymousPageCacheMiddleware``, the "pages"
  cache, through ``versioned_key``),
* template fragments (``{% wagtailcache %}``/``{% wagtailpagecache %}`` with
  ``content_version`` among their keys; the context processor below provides it), and
* shared lookups (``cached``): values many pages need, such as the filter options.

What moves it: pages published, unpublished, moved, created live or deleted; snippets
published or unpublished; and saving or deleting a row of any model an app registers with
``register_content_models`` in its ``AppConfig.ready()`` (this module knows no app's models),
except a save that writes only Wagtail's bookkeeping of drafts and locks
(``BOOKKEEPING_FIELDS``): an editor saving a draft of a published agreement, or the admin
autosaving it while they type, leaves every cached page as it was, as a page's draft does.

The site's *structure* has a version of its own (``cached(..., scope="structure")`` and the
``structure_version`` of templates): what every page shows around its content, which
ordinary publications cannot change: the main menu and the footer, the pages other pages
link to (the register, the municipality overview), the municipalities, the register's
filter options, the organisation chart. It moves only when a structural page is published,
unpublished, created live or deleted (one at the top of the tree, or one an app names with
``register_structure_pages``), when any page is moved, and when a row of a model registered
with ``register_structure_models`` is saved or deleted; moving it moves the content version
too. So the first request after a news item or an agreement is published renders its page
anew inside a frame that is still cached.

An app may also give a group of its models a *scope* of their own
(``register_content_models(..., scope="agreements")``): saving one of them moves the content
version and the scope's number. What is computed from those models alone (the agreements'
search hits, the register's API) is kept with ``cached(..., scope=name)`` under the scope's
number, the structure version and the date, so it outlives the publication of a news item
and is thrown away the moment one of the scope's models changes.

A scope's changes are also logged by the ids of the objects they touch, where the app says
which (``register_content_models(..., ids=...)``: an attachment touches its agreement), and
pages by their ids under ``PAGES`` whenever one is saved, deleted or indexed anew (Wagtail
indexes a page, and the references it makes, in background tasks after its publication; a
changed slug is logged as a change of pages not known, for the addresses below it change
too). What depends on each
object alone, such as the search index's ranking of agreements or pages for a query, is
kept with ``kept_across_changes`` and brought up to date for those objects only: one
agreement published re-ranks one agreement, not twenty thousand. A change whose objects are
not known (a document uploaded, an import, the cache come back after an outage) computes
everything again.
"""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.tasks.signals import task_finished
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .cache import shared_cache_reachable

VERSION_KEY = "content-version"
STRUCTURE_KEY = "structure-version"
SCOPE_KEY = "content-version:{}"
# The log of a scope's changes: a counter, and under each of its numbers the ids changed
# ("*": not known). Kept as long as search hits (what reads it).
CHANGES_KEY = "content-version:{}:changes"
CHANGE_KEY = "content-version:{}:change:{}"
MAX_PATCHED_CHANGES = 50  # more changes than this since a value was kept: computed again
PAGES = "pages"  # the log of pages saved, deleted or indexed, by id
# What Wagtail runs in the background to index an object anew: its search index entry, and
# its references to other objects (which documents a page links to).
INDEX_TASKS = (
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
)
STRUCTURE_DEPTH = 3  # the home page's children (sections, the register, …) and above
LOCAL_MAX_ENTRIES = 5000
# Longer keys, or keys with spaces or control characters (what a visitor typed), are hashed.
MAX_KEY_LENGTH = 200
# Wagtail's bookkeeping of drafts and locks: saving a draft of a published snippet or page (by
# hand or by the editor's autosave) or locking it writes only these (and a page's comments),
# and no visitor sees them.
BOOKKEEPING_FIELDS = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_at", "locked_by"}
    | {"draft_title", "latest_revision_created_at"}
)

# The content version read once at the start of a request (see pinned_content_version).
_request_version = ContextVar("content_version", default=None)
# The stored numbers as this process last read them ({key: number}), and when.
_copy = {"numbers": {}, "read_at": 0.0}
# Values of cached(), kept in this process for the content version they were computed for:
# a key holds the version, so an entry can never be stale, and the store is emptied the
# moment this process sees a new version.
_local = {"version": None, "values": {}}
# Set when an invalidation could not be stored (the shared cache was unreachable): this
# process moves every version on once the shared cache answers again, so a publication
# made during a cache outage is not hidden behind what was cached before it.
_invalidation_pending = False


def content_version():
    """The current content version: the stored number (created on first use), read at most
    once per ``CONTENT_VERSION_SECONDS`` by each process, and the date."""
    if _invalidation_pending and shared_cache_reachable(cache):
        cache.get(VERSION_KEY)  # a probe: Redis still away opens the circuit breaker again
        if shared_cache_reachable(cache):
            log_change(PAGES)  # pages saved during the outage were logged in this process only
            content_changed(structure=True, scopes=_scopes())
    pinned = _request_version.get()
    if pinned is not None:
        return pinned
    return _dated(_numbers()[VERSION_KEY])


def structure_version():
    """The structure version (see the module's docstring), read with the content version."""
    return str(_numbers()[STRUCTURE_KEY])


def scope_version(scope):
    """The version of what is computed from a scope's models (see the module's docstring):
    it moves with them, with the structure and with the date."""
    if scope not in _scopes():
        raise ImproperlyConfigured(f"No models are registered with the scope {scope!r}.")
    numbers = _numbers()
    return _dated(f"{numbers[SCOPE_KEY.format(scope)]}.{numbers[STRUCTURE_KEY]}")


def _numbers():
    """The stored numbers (each created on first use), read together at most once per
    ``CONTENT_VERSION_SECONDS`` by each process."""
    now, numbers = time.time(), _copy["numbers"]
    keys = [VERSION_KEY, STRUCTURE_KEY, *(SCOPE_KEY.format(s) for s in sorted(_scopes()))]
    known = all(numbers.get(key) is not None for key in keys)
    if known and 0 <= now - _copy["read_at"] < settings.CONTENT_VERSION_SECONDS:
        return numbers
    stored = cache.get_many(keys)
    for key in keys:
        number = stored.get(key)
        if number is None and numbers.get(key) is not None and not shared_cache_reachable(cache):
            # The shared cache is away: keep the version this process knows, so its cached
            # pages and lookups stay valid through the outage.
            number = numbers[key]
        if number is None:
            number = time.time_ns()
            if not cache.add(key, number, None):
                number = cache.get(key, number)
        numbers[key] = number
    _copy["read_at"] = now
    return numbers


def _dated(number):
    return f"{number}.{timezone.localdate():%Y%m%d}"


@contextmanager
def pinned_content_version():
    """Read the content version once for a whole request. A publication made by the request
    itself moves the pinned version on too (``content_changed``)."""
    token = _request_version.set(content_version())
    try:
        yield
    finally:
        _request_version.reset(token)


def cached(name, compute, *key_parts, local=True, timeout=DEFAULT_TIMEOUT, scope="content"):
    """``compute()``, kept until content changes: for data many pages share.

    ``local=False`` keeps the value in the shared cache only: for large values and for
    values keyed on what visitors type (search results), whose number has no bound.
    ``timeout`` shortens how long the shared cache keeps it. ``scope="structure"`` keeps it
    until the site's structure changes, for values read only from the structure; the name
    of an app's scope, until one of that scope's models changes (or the structure).
    """
    content = content_version()
    if scope == "content":
        version = content
    elif scope == "structure":
        version = f"s{structure_version()}"
    else:
        version = f"{scope}{scope_version(scope)}"
    if _local["version"] != content:
        _local["version"], _local["values"] = content, {}
    key = _hashed(":".join(str(part) for part in (name, version, *key_parts)), name, version)
    value = _local["values"].get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout)
        if local and len(_local["values"]) < LOCAL_MAX_ENTRIES:
            _local["values"][key] = value
    return value


def _start_log(scope):
    """A log's counter where there is none yet (or it was lost): it starts after every
    number used before."""
    cache.add(CHANGES_KEY.format(scope), time.time_ns() // 1000, None)


def log_change(scope, ids=None):
    """Add a change of ``scope``'s objects ``ids`` (None: not known) to its log."""
    try:
        number = cache.incr(CHANGES_KEY.format(scope))
    except ValueError:
        _start_log(scope)
        number = cache.incr(CHANGES_KEY.format(scope))
    entry = "*" if ids is None else sorted(ids)
    cache.set(CHANGE_KEY.format(scope, number), entry, settings.SEARCH_RESULTS_CACHE_SECONDS)


def log_number(scope):
    """The number of ``scope``'s last logged change (for keys of what the log's objects
    change, such as search hits that pages indexed in the background change)."""
    number = cache.get(CHANGES_KEY.format(scope))
    if number is None:
        _start_log(scope)
        number = cache.get(CHANGES_KEY.format(scope))
    return number


def changed_since(scope, number):
    """``(the log's number now, the ids changed after number)``; the ids are None when a
    change's objects are not known, the log does not reach back, or it has too many."""
    now = log_number(scope)
    if now is None or number is None or not 0 <= now - number <= MAX_PATCHED_CHANGES:
        return now, None
    keys = [CHANGE_KEY.format(scope, n) for n in range(number + 1, now + 1)]
    entries = cache.get_many(keys).values() if keys else ()
    if len(entries) < len(keys) or "*" in entries:
        return now, None
    return now, {pk for ids in entries for pk in ids}


def kept_across_changes(name, compute, update, *key_parts, scope, timeout):
    """``compute()``, kept in the shared cache across changes of ``scope``'s objects, each
    brought in by ``update(value, ids)`` with the ids of the objects changed since; for
    values that depend on each object alone (and on the structure or the date only through
    ``key_parts``). Computed again after a change whose objects are not known, and
    ``timeout`` seconds after it was first computed."""
    key = _hashed(f"{name}:{':'.join(str(part) for part in key_parts)}", name, "kept")
    kept = cache.get(key)
    fresh = kept is not None and time.time() - kept["at"] < timeout
    number, ids = changed_since(scope, kept["number"] if fresh else None)
    if number is None:  # no shared cache to keep it in
        return compute()
    if fresh and number == kept["number"]:
        return kept["value"]
    if fresh and ids is not None:
        kept = {**kept, "number": number, "value": update(kept["value"], ids)}
    else:
        kept = {"number": number, "at": time.time(), "value": compute()}
    cache.set(key, kept, timeout)
    return kept["value"]


def _hashed(key, name, version):
    if len(key) > MAX_KEY_LENGTH or any(ord(char) < 33 or ord(char) == 127 for char in key):
        key = f"{name}:{version}:{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()}"
    return key


def versioned_key(key, key_prefix, version):
    """KEY_FUNCTION of the page cache: the content version is part of every key."""
    return f"{key_prefix}:{version}:{content_version()}:{key}"


def content_changed(structure=False, scopes=(), changed=None, **kwargs):
    """Throw away everything cached from content (``structure``: and from the site's
    structure; ``scopes``: and from those scopes' models, ``changed`` the ids of the objects
    touched if known), in every process."""
    global _invalidation_pending
    for scope in scopes:
        log_change(scope, changed)
    number = time.time_ns()
    moved = {SCOPE_KEY.format(scope): number for scope in scopes}
    if structure:
        moved[STRUCTURE_KEY] = number
    cache.set_many({**moved, VERSION_KEY: number}, None)
    _copy["numbers"].update({**moved, VERSION_KEY: number})
    _copy["read_at"] = time.time()
    if _request_version.get() is not None:
        _request_version.set(_dated(number))
    caches["pages"].clear()
    stored = shared_cache_reachable(cache) and cache.get(VERSION_KEY) == number
    _invalidation_pending = not stored
    _local["version"], _local["values"] = None, {}


# -- what moves the version ----------------------------------------------------------------

_content_models = set()
_scoped_models = {}  # model -> the name of its scope
_touched_ids = {}  # model -> function of a row: the ids of its scope's objects it touches
_structure_models = set()
_structure_pages = []


def register_content_models(*models, scope=None, ids=None):
    """Saving or deleting a row of these models changes what visitors see (``scope``: and
    what is cached under that scope's name; ``ids(row)``: the ids of the scope's objects a
    row touches, for ``kept_across_changes``).

    Each app names its own models (and the third-party models its pages show) in its
    ``AppConfig.ready()``. Pages need no registration: the publication signals say when a
    page becomes public.
    """
    _content_models.update(models)
    if scope:
        _scoped_models.update(dict.fromkeys(models, scope))
    if scope and ids:
        _touched_ids.update(dict.fromkeys(models, ids))


def _scopes():
    return set(_scoped_models.values())


def register_structure_models(*models):
    """Saving or deleting a row of these models changes the site's structure too."""
    _structure_models.update(models)


def register_structure_pages(predicate):
    """``predicate(page)`` says whether publishing ``page`` changes the site's structure,
    beside the pages at the top of the tree (e.g. the pages the footer links to)."""
    _structure_pages.append(predicate)


def is_structural(page):
    return page.depth <= STRUCTURE_DEPTH or any(test(page) for test in _structure_pages)


def _draft_only(update_fields):
    """Whether a save wrote only Wagtail's bookkeeping of drafts and locks."""
    from wagtail.models import COMMENTS_RELATION_NAME

    return bool(update_fields) and update_fields - {COMMENTS_RELATION_NAME} <= BOOKKEEPING_FIELDS


def _on_save_or_delete(sender, instance=None, update_fields=None, **kwargs):
    if _draft_only(update_fields):
        return  # a draft saved or a lock taken: what visitors see is as it was
    if sender in _structure_models:
        content_changed(structure=True)
    elif sender in _content_models:
        _on_content_changed(sender, instance)


def _on_content_changed(sender, instance=None, **kwargs):
    """A snippet published or unpublished, or a content model's row saved or deleted."""
    scopes = [_scoped_models[sender]] if sender in _scoped_models else []
    touched = _touched_ids.get(sender)
    changed = set(touched(instance)) if touched and instance is not None else None
    content_changed(scopes=scopes, changed=changed)
    if scopes:
        # Once more when the change is committed: what a request read in between (the old
        # rows) would otherwise be kept until the scope's next change, not the next
        # publication of anything.
        transaction.on_commit(lambda: content_changed(scopes=scopes, changed=changed))


def _on_page_published(sender=None, instance=None, **kwargs):
    content_changed(structure=instance is None or is_structural(instance))


def _on_page_moved(**kwargs):
    content_changed(structure=True)


def _on_page_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A page created live by code (setup_site, not the publish action) is public at once;
    a page saved, but for a draft of it, is logged (its index entry may change)."""
    from wagtail.models import Page

    if raw or not isinstance(instance, Page):
        return
    if not _draft_only(update_fields):
        log_change(PAGES, [instance.pk])
    if created and instance.live:
        content_changed(structure=is_structural(instance))


def _on_page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    log_change(PAGES, [instance.pk])
    if instance.live:
        content_changed(structure=is_structural(instance))


def _on_page_slug_changed(**kwargs):
    """A slug changed: so did the address of every page below it."""
    log_change(PAGES)


def _on_task_finished(sender, task_result, **kwargs):
    """A page indexed anew by Wagtail's background tasks (its search index entry, or the
    references it makes to documents and other objects), after its publication is seen."""
    from django.apps import apps
    from wagtail.models import Page

    if task_result.task.module_path in INDEX_TASKS and len(task_result.args) == 3:
        app_label, model_name, pk = task_result.args
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return
        if issubclass(model, Page):
            log_change(PAGES, [int(pk)])


def purge_frontend_cache(instance, **kwargs):
    """Tell a CDN or reverse proxy to forget a published or unpublished snippet's pages.

    Pages are purged by Wagtail's own frontend_cache handlers; snippets that appear on
    public pages say where through ``frontend_cache_urls()``. Nothing happens unless
    WAGTAILFRONTENDCACHE names a backend.
    """
    from django.conf import settings
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls_of = getattr(instance, "frontend_cache_urls", None)
    if settings.WAGTAILFRONTENDCACHE and urls_of is not None:
        purge_urls_from_cache(urls_of())


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(_on_page_published, dispatch_uid=f"caching-{signal}")
    post_page_move.connect(_on_page_moved, dispatch_uid="caching-page-move")
    page_slug_changed.connect(_on_page_slug_changed, dispatch_uid="caching-page-slug")
    for signal in (published, unpublished):
        signal.connect(_on_content_changed, dispatch_uid=f"caching-{signal}")
    for signal in (published, unpublished):
        signal.connect(purge_frontend_cache, dispatch_uid=f"frontend-cache-{signal}")
    post_save.connect(_on_save_or_delete, dispatch_uid="caching-save")
    post_save.connect(_on_page_saved, dispatch_uid="caching-page-create")
    post_delete.connect(_on_save_or_delete, dispatch_uid="caching-delete")
    post_delete.connect(_on_page_deleted, dispatch_uid="caching-page-delete")
    task_finished.connect(_on_task_finished, dispatch_uid="caching-page-indexed")


class ScopeVersions:
    """``{{ scope_versions.agreements }}``: a scope's version, read when a template uses it."""

    def __getitem__(self, scope):
        return scope_version(scope)


def context_processor(request):
    """``content_version``, ``structure_version`` and ``scope_versions`` for fragment cache
    keys; read only if a template uses them."""
    return {
        "content_version": SimpleLazyObject(content_version),
        "structure_version": SimpleLazyObject(structure_version),
        "scope_versions": ScopeVersions(),
    }
