"""One pagination rule for every listing on the site.

The page number travels in the Swedish GET parameter ``sida``. Anything odd in it
(text, negative numbers, numbers past the end) lands on the nearest real page rather
than an error, because shared links outlive the content they pointed at.
"""

from django.core.paginator import Paginator

PAGE_PARAMETER = "sida"


def paginate(request, object_list, per_page, count=None):
    """The page of ``object_list`` that ``sida`` asks for; ``count``, if the caller knows
    how many objects there are, spares the paginator a query of its own."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count
    raw = request.GET.get(PAGE_PARAMETER, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)
