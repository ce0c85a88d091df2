"""Read-only JSON API of the register: the same filters as /avtal/, and one agreement.

Plain JSON views rather than Wagtail's v3 API: that API also exposes pages and write
operations, while this one exists so that municipalities can reuse the register's data
(intranets, dashboards) with exactly the public list's semantics. Documented in
docs/agreements-api.md.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.validators import slug_re
from django.db.models import OuterRef, Q
from django.http import JsonResponse
from django.utils import timezone

from core.caching import kept_across_changes, structure_version
from core.fulltext import clean
from core.pagination import PAGE_PARAMETER, paginate

from .filters import LEVEL_PARAM_FOR, RegisterFilter
from .models import Agreement, Level
from .search import CACHE_SCOPE
from .search import kept_until_an_agreement_changes as kept

PER_PAGE = 50
CURSOR = "efter"  # the slug of the last agreement of the page before (title order only)
UNKNOWN_CURSOR = "Avtalet ”{}” i parametern efter finns inte. Första sidan visas."
CURSOR_NOT_USED = "Parametern efter gäller bara sortering efter titel och användes inte."


def serialize(agreement, register_url, full=False):
    """``register_url``: the register's full URL (``index_page.full_url``, worked out once
    for a page of agreements)."""
    data = {
        "title": agreement.title,
        "slug": agreement.slug,
        "url": register_url + f"{agreement.slug}/",
        "document_type": {"name": agreement.type_name, "slug": agreement.type_slug},
        "level": {"code": LEVEL_PARAM_FOR[agreement.level], "label": Level(agreement.level).label},
        "owner": {"name": agreement.owner_name, "slug": agreement.owner_slug},
        "status": {"code": agreement.status.value, "label": agreement.status.label},
        "under_revision": agreement.under_revision,
        "validity": agreement.validity_text,
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else None,
        "valid_to": agreement.valid_to.isoformat() if agreement.valid_to else None,
        "review_by": agreement.review_by.isoformat() if agreement.review_by else None,
        "decided_on": agreement.decided_on.isoformat() if agreement.decided_on else None,
        "summary": agreement.summary,
        "consultation": consultation(agreement),
        "decision_progress": progress(agreement),
        "last_published_at": (
            agreement.last_published_at.isoformat() if agreement.last_published_at else None
        ),
    }
    if full:
        data.update(
            {
                "parties": agreement.parties,
                "decided_by": agreement.decided_by.name if agreement.decided_by else None,
                "registration_number": agreement.registration_number or None,
                "legal_basis": agreement.legal_basis or None,
                "topics": [{"name": t.name, "slug": t.slug} for t in agreement.topics.all()],
                "municipalities": [m.name for m in agreement.municipalities.all()],
                "replaces": _link(agreement.predecessor, register_url)
                if agreement.predecessor
                else None,
                "replaced_by": [_link(a, register_url) for a in agreement.successors],
                "whats_new": agreement.whats_new or None,
                "compare_url": register_url + f"{agreement.slug}/jamfor/"
                if agreement.predecessor
                else None,
                "decisions": [
                    {
                        "party": party,
                        "body": decision.body.name,
                        "decided_on": decision.decided_on.isoformat(),
                        "reference": decision.reference or None,
                        "document_url": decision.document.url if decision.document else None,
                    }
                    for party, decision in agreement.decision_table
                    if decision
                ]
                if agreement.needs_party_decisions
                else None,
                "documents": [
                    {
                        "title": attachment.display_title,
                        "role": attachment.get_role_display(),
                        "url": attachment.document.url,
                        "file_type": attachment.document.file_extension.lower(),
                        "size_bytes": attachment.document.get_file_size(),
                    }
                    for attachment in agreement.documents
                ],
            }
        )
    return data


def consultation(agreement):
    """A proposal's consultation: deadline, who is asked, where answers go."""
    if not agreement.is_consultation:
        return None
    deadline = agreement.consultation_deadline
    return {
        "deadline": deadline.isoformat() if deadline else None,
        "parties": agreement.consultation_parties,
        "reply_to": agreement.consultation_reply_to or None,
    }


def progress(agreement):
    """How many of the parties have decided, for agreements that need each one's decision."""
    state = agreement.decision_progress
    if state is None:
        return None
    return {"decided": state.decided, "parties": state.parties, "text": state.text}


def _link(agreement, register_url):
    return {
        "title": agreement.title,
        "slug": agreement.slug,
        "url": register_url + f"{agreement.slug}/",
    }


def after(matches, slug):
    """The rows of ``matches`` (in title order) that come after the agreement ``slug``, read
    from the title index onwards (a keyset, so a late page costs what the first does), or
    None if there is no such agreement."""
    if not slug_re.match(slug):  # what a slug can be, nothing else, before any query
        return None
    last = Agreement.objects.filter(slug=slug).values_list("title_order", "pk").first()
    if last is None:
        return None
    matches = matches.filter(title_order__gte=last[0])
    return matches.filter(Q(title_order__gt=last[0]) | Q(pk__gt=last[1]))


def as_json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def agreement_list(index_page, request):
    """A page of the register as JSON, the same for every visitor: kept, per address,
    across publications. After an agreement's publication the page's ids and count are
    read again, and only the rows it touches (see ``list_data``); a news item published
    leaves it as it was."""
    key = request.build_absolute_uri(), timezone.localdate(), structure_version()
    kept_page = kept_across_changes(
        "api-list",
        lambda: list_data(index_page, request),
        lambda before, changed: list_data(index_page, request, before, changed),
        *key,
        scope=CACHE_SCOPE,
        timeout=settings.SEARCH_RESULTS_CACHE_SECONDS,
    )
    return as_json(kept_page["data"])


def list_data(index_page, request, before=None, changed=frozenset()):
    """``{"data": the page, "ids": its agreements' ids, "successors": {id: the ids of the
    agreements that replace it, in any state}}``.

    ``before``: the page as kept before the agreements ``changed`` changed. A row shown
    depends on its agreement and on the agreements that replace it (its status and
    validity) alone, so a row of ``before`` is shown again unless one of them changed; the
    others are read.
    """
    register_filter = RegisterFilter(request.GET)
    matches, notices = register_filter.apply(), list(register_filter.notices)
    given = clean(request.GET.get(CURSOR, ""))[0]
    cursor = given if register_filter.title_order else ""
    notices += [CURSOR_NOT_USED] * bool(given and not cursor)
    rest = after(matches, cursor) if cursor else None
    if cursor and rest is None:
        notices.append(UNKNOWN_CURSOR.format(cursor[:60]))
    # The page is found by id alone, then its rows are read with everything they show: a
    # late page's offset then skips bare index entries, not rows with their computed fields.
    page_obj = paginate(request, matches.values_list("pk", flat=True), PER_PAGE)
    if rest is None:
        ids, has_next, number = list(page_obj.object_list), page_obj.has_next(), page_obj.number
    else:
        ids = list(rest.values_list("pk", flat=True)[: PER_PAGE + 1])
        ids, has_next, number = ids[:PER_PAGE], len(ids) > PER_PAGE, None
    shown, successors = {}, {}
    if before:
        # An agreement changed may replace a row's agreement now, or may have before.
        replaced = set(Agreement.objects.filter(pk__in=changed).values_list("replaces", flat=True))
        page = set(ids)
        for pk, row in zip(before["ids"], before["data"]["results"], strict=True):
            linked = {pk, *before["successors"][pk]}
            if pk in page and pk not in replaced and not linked & changed:
                shown[pk], successors[pk] = row, before["successors"][pk]
    missing = [pk for pk in ids if pk not in shown]
    if missing:
        register_url = index_page.full_url
        replacing = Agreement.objects.filter(replaces=OuterRef("pk")).order_by().values("pk")
        rows = Agreement.objects.filter(pk__in=missing).with_status()
        rows = rows.with_decision_progress().with_names().defer("body", "whats_new")
        for agreement in rows.annotate(successor_ids=ArraySubquery(replacing)):
            shown[agreement.pk] = serialize(agreement, register_url)
            successors[agreement.pk] = agreement.successor_ids
    ids = [pk for pk in ids if pk in shown]  # unless withdrawn in between
    results = [shown[pk] for pk in ids]
    base = request.build_absolute_uri(request.path)

    def link(name, value):
        return base + "?" + urlencode({**register_filter.params, name: value})

    # Title order goes on from the last row (keyset); the other orders by page number.
    if not has_next or not results:
        next_link = None
    elif register_filter.title_order:
        next_link = link(CURSOR, results[-1]["slug"])
    else:
        next_link = link(PAGE_PARAMETER, number + 1)
    data = {
        "count": page_obj.paginator.count,
        "page": number,
        "pages": page_obj.paginator.num_pages,
        "next": next_link,
        "previous": link(PAGE_PARAMETER, number - 1) if number and number > 1 else None,
        "filters": register_filter.params,
        "notices": notices,
        "results": results,
    }
    return {"data": data, "ids": ids, "successors": successors}


def agreement_detail(index_page, request, slug):
    """One agreement as JSON, kept like the list (its documents are in the same scope)."""
    data = kept("api-agreement", lambda: detail_data(index_page, slug) or {}, index_page.pk, slug)
    if not data:
        return as_json({"error": "Det finns inget publicerat avtal med den adressen."}, 404)
    return as_json(data)


def detail_data(index_page, slug):
    agreement = (
        Agreement.objects.public()
        .with_status()
        .with_names()
        .select_related("decided_by", "replaces")
        .prefetch_related("topics", "municipalities")
        .filter(slug=slug)
        .first()
    )
    return serialize(agreement, index_page.full_url, full=True) if agreement else None
