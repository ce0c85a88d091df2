"""/sok/: the site search page.

Plain GET parameters with Swedish names (``q``, ``typ``, ``historik``, ``sida``), so every
search is a link. Odd input never breaks the page: the query is cleaned, an unknown type is
ignored with a notice, and the page number lands on the nearest real page.
"""

from urllib.parse import urlencode

from django.db.models import Q
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
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
FEW_HITS = 3  # below this, a spelling hint is offered


@cache_control(private=True, no_cache=True, max_age=0)
def search(request):
    """Never kept by the page cache or proxies (every search counts in the query log); what
    a query found is shared between visitors (``search.results.find``)."""
    parsed = fulltext.parse(request.GET.get("q", ""))
    type_code = fulltext.clean(request.GET.get("typ", ""))[0].casefold()
    history = request.GET.get("historik") == "1"
    notices = []
    if parsed.shortened:
        notices.append(
            f"Söktexten var längre än {fulltext.MAX_QUERY_LENGTH} tecken och har kortats."
        )
    if parsed.text and not parsed and parsed.stop_words:
        common = ", ".join(f"”{word}”" for word in parsed.stop_words[:5])
        notices.append(
            f"Söktexten innehöll bara vanliga ord ({common}) som inte går att söka på. "
            "Lägg till ett mer specifikt ord."
        )
    elif parsed.text and not parsed:
        notices.append("Söktexten innehöll inga ord att söka på. Skriv ett eller flera ord.")
    if type_code and type_code not in TYPE_CHOICES_BY_CODE:
        notices.append(f"Typen ”{type_code[:60]}” finns inte. Alla typer visas.")
        type_code = ""

    found, mode = find(parsed) if parsed else ([], "exact")
    hits = [hit for hit in found if history or not hit.history]
    counts = {code: sum(hit.kind == code for hit in hits) for code in TYPE_CHOICES_BY_CODE}
    shown = [hit for hit in hits if hit.kind == type_code] if type_code else hits
    page_obj = paginate(request, shown, PER_PAGE)
    params = {"q": parsed.text} if parsed.text else {}
    keep = {**({"typ": type_code} if type_code else {}), **({"historik": "1"} if history else {})}
    context = {
        "query": parsed.text,
        "parsed": parsed,
        "notices": notices,
        "mode": mode,
        "results": add_snippets(page_obj.object_list, parsed),
        "page_obj": page_obj,
        "total": len(hits),
        "shown_total": len(shown),
        "type_code": type_code,
        "type_code_label": TYPE_CHOICES_BY_CODE.get(type_code, "").lower(),
        "type_filters": [
            {
                "label": plural,
                "count": counts[code],
                "url": "?" + urlencode({**params, **keep, "typ": code}),
                "current": code == type_code,
            }
            for code, plural in TYPE_CHOICES_BY_CODE.items()
            if counts[code] or code == type_code
        ],
        "all_types_url": "?" + urlencode({**params, **({"historik": "1"} if history else {})}),
        "query_prefix": urlencode({**params, **keep}) + "&",
        "history": history,
        "history_count": len(found) - len(hits),
        "history_url": "?" + urlencode({**params, **keep, "historik": "1"}),
        "history_off_url": "?" + urlencode({**params, **({"typ": type_code} if type_code else {})}),
        "expansions": parsed.expansions,
        "promotions": promotions(parsed) if parsed and page_obj.number == 1 else [],
        "suggestion": suggest(parsed)
        if parsed and (len(found) < FEW_HITS or mode == "similar")
        else "",
        "register_url": register_url(request, parsed),
    }
    if parsed and page_obj.number == 1 and PAGE_PARAMETER not in request.GET and not keep:
        querylog.record(parsed.text, " ".join(fulltext.words(parsed.text)))
    response = TemplateResponse(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"  # result pages are not content
    return response


TYPE_CHOICES_BY_CODE = {code: plural for code, _, plural in TYPE_CHOICES}


def promotions(parsed):
    """Editors' promoted results for exactly this query (Wagtail's search promotions),
    looked up read-only: Wagtail's template tag would insert a ``Query`` row per search."""
    by_query = cached("search-promotions", all_promotions)
    candidates = {normalise_query_string(parsed.text), " ".join(fulltext.words(parsed.text))}
    picks = sorted(pick for candidate in candidates for pick in by_query.get(candidate, ()))
    return [{"title": title, "url": url, "description": text} for _, _, title, url, text in picks]


def all_promotions():
    """``{query string: [(order, id, title, url, description)]}`` of live promoted results."""
    picks = SearchPromotion.objects.filter(Q(page__isnull=True) | Q(page__live=True))
    by_query = {}
    for pick in picks.select_related("page", "query"):
        url = pick.page.get_url() if pick.page_id else pick.external_link_url
        if url:
            entry = (pick.sort_order, pick.pk, pick.title, url, pick.description)
            by_query.setdefault(pick.query.query_string, []).append(entry)
    return by_query


def register_url(request, parsed):
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return ""
    return index_page.url + ("?" + urlencode({"q": parsed.text}) if parsed else "")
