"""Which pages an anonymous visitor may see, decided inside the query that lists them.

Wagtail's ``PageQuerySet.public()`` first reads every view restriction (a query of its own,
each time it is called) and then excludes their paths. ``filter(public_q())`` excludes the
same pages in the listing's own SQL statement: those with a restriction on themselves or on an
ancestor (a restriction's page path is a prefix of theirs).
"""

from django.db.models import CharField, Exists, F, OuterRef
from django.db.models.functions import Cast
from wagtail.models import PageViewRestriction


def restricted():
    """View restrictions on the outer page or on one of its ancestors (for ``Exists``)."""
    restrictions = PageViewRestriction.objects.annotate(target=Cast(OuterRef("path"), CharField()))
    return restrictions.filter(target__startswith=F("page__path"))


def public_q():
    """For ``filter()``: the page is outside every private part of the site (what Wagtail's
    ``public()`` keeps)."""
    return ~Exists(restricted())
