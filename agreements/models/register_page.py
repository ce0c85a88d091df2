import datetime
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, Site

from core.caching import cached, content_version
from pages.models.mixins import BasePage

from .agreement import Agreement, AgreementAttachment

ARTICLE_TEMPLATE = "agreements/includes/agreement_article.html"
# How long a rendered fragment may be kept. Its key holds the content version, so it can
# never be stale; the limit only returns memory held for agreements nobody asks for.
FRAGMENT_SECONDS = 3600


class AgreementIndexPage(RoutablePageMixin, BasePage):
    """The public agreement register at /avtal/ and every agreement's detail page.

    One page serves the list, the detail pages (/avtal/<slug>/), the CSV export, the JSON
    API and the Atom feed, so they all share one filter implementation and one URL space.
    """

    intro = models.TextField(
        "Ingress", max_length=600, blank=True, help_text="Visas ovanför sökrutan i registret."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 20

    class Meta:
        verbose_name = "avtalsregister"
        verbose_name_plural = "avtalsregister"

    @classmethod
    def for_request(cls, request=None):
        """The live register page (cached on the request, since many links need it)."""
        if request is not None and hasattr(request, "_agreement_index_page"):
            return request._agreement_index_page
        page = cached(
            "agreement-index-page",
            lambda: cls.objects.live().only("id", "url_path", "path", "depth", "title").first(),
        )
        if request is not None:
            request._agreement_index_page = page
        return page

    @cached_property
    def register_url(self):
        """This page's URL, worked out once per instance: Wagtail's ``url`` looks at the
        site's root paths every time it is read, and the register links to itself and to
        every agreement many times per page."""
        return self.url

    def agreement_url(self, agreement):
        """Detail URL without a query per agreement (use in lists)."""
        return f"{self.register_url}{agreement.slug}/"

    # -- the list -----------------------------------------------------------------------------

    @path("")
    def register(self, request):
        """The list with its filter form.

        The form and the result list depend only on the canonical filters (and the list on
        the page number and the date), never on the visitor, so both are rendered once
        per content version and kept as template fragments. The result list is passed to
        the template as a lazy value: its queries run only when the fragment is not
        cached. Notices about ignored parameters depend on what was typed and are always
        rendered.
        """
        from agreements.filters import STATUS_CHOICES, FilterOptions, RegisterFilter
        from agreements.results import cache_key, page_number, result_page

        options = FilterOptions.load()
        register_filter = RegisterFilter.from_query(request.GET, options)
        number = page_number(request)
        register_url = self.register_url
        params = register_filter.params
        return self.render(
            request,
            context_overrides={
                "options": options,
                "filter": register_filter,
                "status_choices": STATUS_CHOICES,
                "page_obj": SimpleLazyObject(
                    lambda: result_page(
                        register_filter, number, self.per_page, register_url, options
                    )
                ),
                "register_url": register_url,
                "form_key": cache_key(register_filter, 0),
                "results_key": cache_key(register_filter, number),
                "query_prefix": urlencode(params) + "&" if params else "",
                "export_query": ("?" + urlencode(params)) if params else "",
            },
        )

    # -- export, API and feed (same filters as the list) ---------------------------------

    @path("api/", name="api_list")
    def api_list(self, request):
        from agreements.api import agreement_list

        return agreement_list(self, request)

    @path("api/<slug:slug>/", name="api_detail")
    def api_detail(self, request, slug):
        from agreements.api import agreement_detail

        return agreement_detail(self, request, slug)

    @path("flode/", name="feed")
    def feed(self, request):
        from agreements.export import atom_feed

        return atom_feed(self, request)

    # -- one agreement --------------------------------------------------------------------

    @path("<slug:slug>/", name="agreement")
    def agreement(self, request, slug):
        """One agreement.

        Its article (everything between the breadcrumbs and the footer) is the same for
        every visitor, so it is rendered once per content version, date (statuses change
        at midnight) and site, and kept as a template fragment together with the three
        values the page head needs: a cached agreement costs no query. Previews render the
        same article template directly (``get_preview_context``), never from the cache.
        """
        if len(slug) > Agreement._meta.get_field("slug").max_length:
            raise Http404  # no agreement can have it (and it would make a long cache key)
        context = self.get_context(request)
        index_page = AgreementIndexPage.for_request(request)
        fragments = caches["template_fragments"]
        key = self.detail_cache_key(request, slug)
        entry = fragments.get(key)
        if entry is None:
            agreement = self.public_agreement(slug)
            if agreement is None:
                raise Http404
            detail = {**context, **self.detail_context(agreement, request)}
            entry = {
                "agreement": {
                    "title": agreement.title,
                    "summary": agreement.summary,
                    "slug": agreement.slug,
                },
                "article": render_to_string(ARTICLE_TEMPLATE, detail, request),
            }
            fragments.set(key, entry, FRAGMENT_SECONDS)
        register_url = index_page.register_url if index_page else "/"
        return TemplateResponse(
            request,
            "agreements/agreement_detail.html",
            {
                **context,
                **entry,
                "page": index_page,
                "register_url": register_url,
                "canonical_url": (
                    f"{index_page.get_full_url(request)}{slug}/" if index_page else None
                ),
                "is_preview": False,
            },
        )

    @staticmethod
    def detail_cache_key(request, slug):
        """Where an agreement's rendered article is kept: the content version (a publication
        anywhere makes it unreachable, and it turns over at midnight, when the status and
        banners may change), the site (its links) and the slug."""
        site = Site.find_for_request(request)
        return f"agreement-detail:{content_version()}:{site.pk if site else 0}:{slug}"

    @staticmethod
    def public_agreement(slug):
        """The published agreement with this slug, with the related rows its article shows
        (None if there is none). Its owner comes from a cached lookup and its status from
        its successors (``detail_context``): joining the page tree and computing the
        status in SQL would cost more than the rest of the query."""
        return (
            Agreement.objects.public()
            .select_related("document_type", "decided_by", "contact")
            .filter(slug=slug)
            .order_by()
            .first()
        )

    @staticmethod
    def detail_context(agreement, request, preview=False):
        """Everything the detail template needs; shared by the public view and previews."""
        from agreements.sections import section_link

        index_page = AgreementIndexPage.for_request(request)
        # The live versions before and after this one, in one query.
        chain = Q(pk=agreement.replaces_id) if agreement.replaces_id else Q(pk__in=[])
        if agreement.pk:
            chain |= Q(replaces_id=agreement.pk)
        versions = list(
            Agreement.objects.filter(chain, live=True).only(
                "id", "title", "slug", "valid_from", "replaces_id"
            )
        )
        successors = [v for v in versions if agreement.pk and v.replaces_id == agreement.pk]
        predecessor = next((v for v in versions if v.pk == agreement.replaces_id), None)
        if getattr(agreement, "status_code", None) is None and "status" not in vars(agreement):
            # What Agreement.status would ask the database: has a successor started?
            today = timezone.localdate()
            replaced = any(s.valid_from is None or s.valid_from <= today for s in successors)
            agreement.status_code = agreement.status_on(today, replaced).value
        if agreement.pk:
            attachments = list(agreement.attachments.select_related("document"))
            topics = list(agreement.topics.all())
            municipalities = list(agreement.municipalities.all())
        else:  # an unsaved object in a preview
            attachments, topics, municipalities = [], [], []
        # Level-2 headings are the chapters of a long agreement: each gets an anchor and an
        # entry in the table of contents.
        body_blocks, chapters = [], []
        for block in agreement.body:
            anchor = None
            if block.block_type == "heading" and block.value["level"] == "h2":
                anchor = f"kapitel-{len(chapters) + 1}"
                chapters.append({"id": anchor, "title": block.value["text"]})
            body_blocks.append((block, anchor))
        # A replaced agreement applied until the day before its successor started.
        starts = [s.valid_from for s in successors if s.valid_from]
        replaced_on = min(starts) - datetime.timedelta(days=1) if starts else None
        return {
            "page": index_page,
            "section": section_link(agreement.section_id, request),
            "replaced_on": replaced_on,
            "agreement": agreement,
            "successors": successors,
            "predecessor": predecessor,
            "attachments": attachments,
            "topics": topics,
            "municipalities": municipalities,
            "chapters": chapters,
            "body_blocks": body_blocks,
            "register_url": index_page.register_url if index_page else "/",
            "canonical_url": (
                f"{index_page.get_full_url(request)}{agreement.slug}/" if index_page else None
            ),
            "is_preview": preview,
            "role_labels": dict(AgreementAttachment.Role.choices),
        }
