"""/sok/: the site search page.

All parameters are plain GET parameters with Swedish names (``q``, ``typ``, ``sida``), so a
search is a link that can be shared and works without JavaScript. Odd input never breaks
the page: the query is cleaned (``core.fulltext.clean``), an unknown type is ignored with a
notice, and the page number lands on the nearest real page (``core.pagination``).
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from agreements.models import AgreementIndexPage
from core import fulltext
from core.caching import cached
from core.pagination import PAGE_PARAMETER, paginate

from . import querylog
from .results import TYPE_CHOICES, add_snippets, find
from .suggestions import suggest

PER_PAGE = 20


@cache_control(private=True, no_cache=True, max_age=0)
def search(request):
    """Not kept by the page cache or proxies: every search is counted for the query log.
    What a query found is shared between visitors for a few minutes (``find``, see
    ``search.results.find``); the page around it is rendered for each request."""
    parsed = fulltext.parse(request.GET.get("q", ""))
    type_code, _ = fulltext.clean(request.GET.get("typ", ""))
    type_code = type_code.casefold()
    notices = []
    if parsed.shortened:
        notices.append(
            f"Söktexten var längre än {fulltext.MAX_QUERY_LENGTH} tecken och har kortats."
        )
    if parsed.text and not parsed:
        if parsed.stop_words:
            common = ", ".join(f"”{word}”" for word in parsed.stop_words[:5])
            notices.append(
                f"Söktexten innehöll bara vanliga ord ({common}) som inte går att söka på. "
                "Lägg till ett mer specifikt ord."
            )
        else:
            notices.append("Söktexten innehöll inga ord att söka på. Skriv ett eller flera ord.")
    if type_code and type_code not in {code for code, _, _ in TYPE_CHOICES}:
        notices.append(f"Typen ”{type_code[:60]}” finns inte. Alla typer visas.")
        type_code = ""

    hits, mode = find(parsed) if parsed else ([], "exact")
    counts = {code: 0 for code, _, _ in TYPE_CHOICES}
    for hit in hits:
        counts[hit.kind] += 1
    shown = [hit for hit in hits if hit.kind == type_code] if type_code else hits
    page_obj = paginate(request, shown, PER_PAGE)
    results = add_snippets(page_obj.object_list, parsed)

    first_page = page_obj.number == 1 and PAGE_PARAMETER not in request.GET
    params = {"q": parsed.text} if parsed.text else {}
    context = {
        "query": parsed.text,
        "parsed": parsed,
        "notices": notices,
        "mode": mode,
        "results": results,
        "page_obj": page_obj,
        "total": len(hits),
        "shown_total": len(shown),
        "type_code": type_code,
        "type_code_label": {code: plural for code, _, plural in TYPE_CHOICES}.get(
            type_code, ""
        ).lower(),
        "type_filters": [
            {
                "code": code,
                "label": plural,
                "count": counts[code],
                "url": "?" + urlencode({**params, "typ": code}),
                "current": code == type_code,
            }
            for code, _, plural in TYPE_CHOICES
            if counts[code] or code == type_code
        ],
        "all_types_url": "?" + urlencode(params) if params else "?",
        "query_prefix": urlencode({**params, **({"typ": type_code} if type_code else {})}) + "&",
        "expansions": parsed.expansions,
        "promotions": promotions(parsed) if parsed and page_obj.number == 1 else [],
        "suggestion": suggest(parsed) if parsed and (not hits or mode == "similar") else "",
        "register_url": register_url(request, parsed),
    }
    if parsed and first_page and not type_code:
        querylog.record(parsed.text, " ".join(fulltext.words(parsed.text)))
    response = TemplateResponse(request, "search/search.html", context)
    # Result pages are not content: keep them out of search engines' indexes.
    response["X-Robots-Tag"] = "noindex"
    return response


def promotions(parsed):
    """Editors' promoted results for exactly this query (Wagtail's search promotions).

    Read-only: looked up by the normalised query string, never created (Wagtail's own
    template tag would insert a ``Query`` row for every new search).
    """
    candidates = {normalise_query_string(parsed.text), " ".join(fulltext.words(parsed.text))}
    by_query = all_promotions()
    picks = sorted(pick for candidate in candidates for pick in by_query.get(candidate, ()))
    promoted = [{"title": t, "url": url, "description": text} for _, _, t, url, text in picks]
    # Other apps' fixed promotions (a municipality's page for its name) come first.
    from_apps = [hit for fn in hooks.get_hooks("search_promoted_hits") for hit in fn(parsed.text)]
    return from_apps + [hit for hit in promoted if hit["url"] not in {h["url"] for h in from_apps}]


def all_promotions():
    """Every promoted result whose page is live (or that links elsewhere), as ``(order, id,
    title, url, description)`` by query string, kept until content changes: there are a few
    dozen, and looking them up per search would cost a query on every result page."""

    def compute():
        picks = SearchPromotion.objects.filter(
            Q(page__isnull=True) | Q(page__live=True)
        ).select_related("page", "query")
        by_query = {}
        for pick in picks:
            url = pick.page.get_url() if pick.page_id else pick.external_link_url
            if url:
                by_query.setdefault(pick.query.query_string, []).append(
                    (pick.sort_order, pick.pk, pick.title, url, pick.description)
                )
        return by_query

    return cached("search-promotions", compute)


def register_url(request, parsed):
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return ""
    return index_page.url + ("?" + urlencode({"q": parsed.text}) if parsed else "")
