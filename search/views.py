"""/sok/: the site search page. Plain GET parameters (``q``, ``typ``, ``historik``, ``sida``),
so every search is a link; odd input gets a notice and a normal page, never an error."""

import difflib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from agreements.models import AgreementIndexPage
from core import fulltext
from core.caching import PAGES, kept_across_changes, structure_version
from core.pagination import PAGE_PARAMETER, paginate

from . import querylog
from .results import TYPES, add_snippets, find

PER_PAGE = 20
FEW = 3  # fewer hits than this, or only similar words: a spelling hint is offered


@cache_control(private=True, no_cache=True, max_age=0)
def search(request):
    """Never kept by the page cache or proxies (every search counts in the query log); the
    hits are shared between visitors (``search.results.find``)."""
    parsed = fulltext.parse(request.GET.get("q", ""))
    type_code = fulltext.clean(request.GET.get("typ", ""))[0].casefold()
    history = request.GET.get("historik") == "1"
    notices = [fulltext.SHORTENED] if parsed.shortened else []
    if parsed.text and not parsed:
        common = ", ".join(f"”{word}”" for word in parsed.stop_words[:5])
        notices.append(
            f"Söktexten innehöll bara vanliga ord ({common}) som inte går att söka på. "
            "Lägg till ett mer specifikt ord."
            if common
            else "Söktexten innehöll inga ord att söka på. Skriv ett eller flera ord."
        )
    if type_code not in TYPES:
        notices += [f"Typen ”{type_code[:60]}” finns inte. Alla typer visas."] * bool(type_code)
        type_code = ""

    found, mode = find(parsed, request) if parsed else ([], "exact")
    hits = [hit for hit in found if history or not hit.history]
    shown = [hit for hit in hits if hit.kind == type_code or not type_code]
    page_obj = paginate(request, shown, PER_PAGE)
    params = {"q": parsed.text, "typ": type_code, "historik": "1" if history else ""}
    counts = {code: sum(hit.kind == code for hit in hits) for code in TYPES}
    register = AgreementIndexPage.for_request(request)
    context = {
        "parsed": parsed,
        "notices": notices,
        "mode": mode,
        "results": add_snippets(page_obj.object_list, parsed),
        "page_obj": page_obj,
        "total": len(hits),
        "type_code": type_code,
        "type_filters": [
            {"code": code, "label": label, "count": counts[code]}
            for code, (_, label) in TYPES.items()
            if counts[code] or code == type_code
        ],
        "query_prefix": urlencode({name: value for name, value in params.items() if value}) + "&",
        "history": history,
        "history_count": len(found) - len(hits),
        "promotions": promotions(parsed) if parsed and page_obj.number == 1 else [],
        "suggestion": suggest(parsed, found, mode),
        "register_url": register.url if register else "",
    }
    if parsed and PAGE_PARAMETER not in request.GET and not type_code and not history:
        querylog.record(parsed.text, " ".join(fulltext.words(parsed.text)))
    return TemplateResponse(request, "search/search.html", context)


def promotions(parsed):
    """Editors' promoted results for exactly this query (Wagtail's search promotions),
    without the ``Query`` row that Wagtail's template tag would create for every new query:
    all of them read once per structure version (a promotion saved moves it on, see
    ``search.apps``) and kept across the pages' changes but those of the promoted pages."""

    def compute():
        every, pages = {}, set()  # pages: every page promoted, live or not
        for pick in SearchPromotion.objects.select_related("page", "query").order_by("sort_order"):
            pages.add(pick.page_id)
            if pick.page_id:
                url = pick.page.get_url() if pick.page.live else None
            else:
                url = pick.external_link_url
            if url:
                hit = {"title": pick.title, "url": url, "description": pick.description}
                every.setdefault(pick.query.query_string, []).append(hit)
        return every, pages

    update = lambda kept, ids: compute() if kept[1] & ids else kept  # noqa: E731
    timeout = settings.SEARCH_RESULTS_CACHE_SECONDS
    every, _ = kept_across_changes(
        "search-promotions", compute, update, structure_version(), scope=PAGES, timeout=timeout
    )
    candidates = {normalise_query_string(parsed.text), " ".join(fulltext.words(parsed.text))}
    # Other apps' fixed promotions (a municipality's page for its name) come first.
    hits = [hit for fn in hooks.get_hooks("search_promoted_hits") for hit in fn(parsed.text)]
    for hit in (hit for query in sorted(candidates) for hit in every.get(query, ())):
        hits += [hit] * (hit["url"] not in {h["url"] for h in hits})
    return hits


def suggest(parsed, hits, mode):
    """ "Menade du …?" for a query that finds little: each unknown word of four letters or
    more replaced by the closest (difflib) word of the titles found, or "" when there is none."""
    if mode == "exact" and len(hits) >= FEW:
        return ""
    titles = " ".join(hit.title.lower() for hit in hits)
    known = sorted(set(re.findall(r"[^\W\d_]{4,}", titles)))  # words of four letters or more
    corrected = [
        next(iter(difflib.get_close_matches(word, known, 1, 0.8)), word) if len(word) >= 4 else word
        for word in parsed.words
    ]
    return " ".join(corrected) if corrected != parsed.words else ""
