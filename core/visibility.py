"""Which pages an anonymous visitor may see, decided inside the query that lists them.

Wagtail's ``PageQuerySet.public()`` first reads every view restriction (a query of its own,
each time it is called) and then excludes their paths. ``filter(public_q())`` excludes the
same pages in the listing's own SQL statement: those with a restriction on themselves or on an
ancestor (a restriction's page path is a prefix of theirs). ``public_pages()`` does the same
with conditions on the path, for a backend that takes plain field filters only.
"""

from functools import reduce
from operator import or_

from django.db.models import CharField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import Page, PageViewRestriction

from .caching import cached


def covering(restrictions, outer_path, own_path):
    """The ``restrictions`` (a queryset) on the outer object or one of its ancestors, for
    ``Exists``: those whose tree path (``own_path``) begins the outer object's
    (``outer_path``, a field of the outer query). Pages and collections alike."""
    target = Cast(OuterRef(outer_path), CharField())
    return restrictions.annotate(target=target).filter(target__startswith=F(own_path))


def public_q():
    """For ``filter()``: the page is outside every private part of the site (what Wagtail's
    ``public()`` keeps)."""
    return ~Exists(covering(PageViewRestriction.objects.all(), "path", "page__path"))


def restricted_paths():
    """The tree paths of the pages with a view restriction, read once per structure version
    (view restrictions and moves are structure changes)."""
    paths = PageViewRestriction.objects.values_list("page__path", flat=True)
    return cached("restricted-paths", lambda: list(paths), scope="structure")


def public_pages():
    """Live pages outside view restrictions, as conditions on their paths, for querysets
    that take plain field filters only (the search backend)."""
    private = [Q(path__startswith=path) for path in restricted_paths()]
    return Page.objects.live().exclude(reduce(or_, private, Q(pk__in=[])))


def may_be_restricted(path):
    """Whether a view restriction may apply to the page at ``path``: it is, or is below, a
    restricted page or an alias (whose restrictions are its source's). Both kinds of path
    are read once per structure version: aliases are structure changes too."""
    aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
    aliases = cached("alias-paths", lambda: list(aliases), scope="structure")
    return any(path.startswith(prefix) for prefix in [*restricted_paths(), *aliases])
