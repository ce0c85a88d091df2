"""One page of the register's result list, fetched and prepared for the template cheaply.

The list is the most requested view of the register and shows twenty short rows, so the
rows are read as plain values (no model instances, no StreamField body, no DISTINCT) and
everything a row displays is worked out here once, instead of through model properties
and template filters per row.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.template.defaultfilters import truncatewords
from django.utils import timezone

from .models import Agreement, Level, Status, validity_text

# What one row shows (see includes/register_results.html).
ROW_FIELDS = (
    "pk",
    "title",
    "slug",
    "level",
    "valid_from",
    "valid_to",
    "under_revision",
    "summary",
    "document_type_id",
    "section_id",
)
SUMMARY_WORDS = 35
MAX_PAGE_NUMBER = 1_000_000
_LEVEL_LABELS = dict(Level.choices)


@dataclass(frozen=True, slots=True)
class ResultRow:
    """What the list shows of one agreement (also what ``{% status_badge %}`` reads)."""

    title: str
    url: str
    status: Status
    under_revision: bool
    document_type_name: str
    level_label: str
    section_short_name: str
    validity_text: str
    summary: str


def page_number(request):
    """The requested page number, read the way ``core.pagination.paginate`` reads it (the
    last page is applied once the number of results is known). Capped, so that the offset
    of a page asked for from far past the end still fits the database's integers."""
    from core.pagination import PAGE_PARAMETER

    try:
        return min(max(1, int(request.GET.get(PAGE_PARAMETER, "1"))), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def cache_key(register_filter, number):
    """What a rendered result list depends on besides the content version (which also
    turns over at midnight, when statuses change): the canonical filters, so that
    equivalent URLs share one copy, and the page number."""
    digest = hashlib.sha256(urlencode(register_filter.params).encode()).hexdigest()[:32]
    return f"{digest}:{number}"


def result_page(register_filter, number, per_page, register_url, options, today=None):
    """The Django ``Page`` of ``ResultRow`` for page ``number`` (clamped to the last page).

    The rows are read from the agreement table alone: the names of their document type
    and owner come from the filter options (``options``, cached), because a join makes the
    database join every matching agreement before it sorts and keeps twenty.
    """
    today = today or timezone.localdate()
    if register_filter.q:
        number, count, values = _searched(register_filter, number, per_page, today)
    else:
        number, count, values = _listed(register_filter, number, per_page, today)
    status = _known_status(register_filter)
    rows = [_row(v, status, register_url, options) for v in values]
    return Page(rows, number, _counted_paginator(per_page, count))


def _listed(register_filter, number, per_page, today):
    """Without a search: the rows of the page and the number of results.

    Where every result has the same status, one query: the rows carry the number of
    results (a window count) and only a page number past the end costs a second query.
    Where the status varies, the window would make the database work out the status of
    every result instead of the page's twenty, so the count is a query of its own.
    """
    qs, _ = register_filter.filtered(today=today)
    rows = _row_values(register_filter.order(qs), register_filter, today)
    if _known_status(register_filter) is None:
        count = qs.count()
        number = min(number, _last_page(count, per_page))
        return number, count, list(rows[(number - 1) * per_page : number * per_page])
    rows = rows.annotate(total=Window(Count("*")))
    values = list(rows[(number - 1) * per_page : number * per_page])
    if values:
        return number, values[0]["total"], values
    count = qs.count() if number > 1 else 0
    if not count:
        return 1, 0, []
    number = _last_page(count, per_page)  # past the last page: show the last one
    return number, count, list(rows[(number - 1) * per_page : number * per_page])


def _last_page(count, per_page):
    return max(1, -(-count // per_page))


def _searched(register_filter, number, per_page, today):
    """With a search: the ids matching the other filters (in the chosen order, if any)
    are matched with the search's ranking here, then the page's rows are read by id. Two
    queries, whatever the number of hits; putting hundreds of ids into the query instead
    costs more than the query itself."""
    qs, ranking = register_filter.filtered(today=today, search_in_sql=False)
    if not ranking:
        return 1, 0, []
    if register_filter.sort:
        wanted = set(ranking)
        ordered = [
            pk for pk in register_filter.order(qs).values_list("pk", flat=True) if pk in wanted
        ]
    else:
        matching = set(qs.order_by().values_list("pk", flat=True))
        ordered = [pk for pk in ranking if pk in matching]
    count = len(ordered)
    number = min(number, _last_page(count, per_page))
    ids = ordered[(number - 1) * per_page : number * per_page]
    if not ids:
        return number, count, []
    position = {pk: index for index, pk in enumerate(ids)}
    rows = _row_values(Agreement.objects.filter(pk__in=ids), register_filter, today)
    return number, count, sorted(rows, key=lambda v: position[v["pk"]])


def _row_values(qs, register_filter, today):
    """``qs`` as the dicts ``_row`` reads (with the status only where it varies)."""
    if _known_status(register_filter) is None:
        return qs.with_status(today).values(*ROW_FIELDS, "status_code")
    return qs.values(*ROW_FIELDS)


def _known_status(register_filter):
    """The status every result has, when the filter chose one (None: it varies)."""
    if register_filter.status in ("alla", "revidering"):
        return None
    return Status(register_filter.status or Status.IN_FORCE)


def _counted_paginator(per_page, count):
    """A paginator for ``count`` results, for the page links (the rows are already here)."""
    paginator = Paginator((), per_page)
    paginator.count = count  # a cached_property: the count is known, don't ask for it
    return paginator


def _row(values, status, register_url, options):
    return ResultRow(
        title=values["title"],
        url=f"{register_url}{values['slug']}/",
        status=status or Status(values["status_code"]),
        under_revision=values["under_revision"],
        document_type_name=options.document_type_names.get(values["document_type_id"], ""),
        level_label=_LEVEL_LABELS[values["level"]],
        section_short_name=options.section_names.get(values["section_id"], ""),
        validity_text=validity_text(values["valid_from"], values["valid_to"]),
        summary=truncatewords(values["summary"], SUMMARY_WORDS),
    )
