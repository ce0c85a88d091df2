import datetime
from urllib.parse import urlencode

from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from pages.caching import cached
from pages.models.mixins import BasePage
from pages.pagination import paginate

from .agreement import Agreement, AgreementAttachment


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

    def agreement_url(self, agreement):
        """Detail URL without a query per agreement (use in lists)."""
        return f"{self.url}{agreement.slug}/"

    # -- the list -----------------------------------------------------------------------------

    @path("")
    def register(self, request):
        from agreements.filters import STATUS_CHOICES, FilterOptions, RegisterFilter

        options = FilterOptions.load()
        register_filter = RegisterFilter.from_query(request.GET, options)
        queryset = register_filter.apply().select_related("document_type", "section")
        page_obj = paginate(request, queryset, self.per_page)
        for agreement in page_obj.object_list:
            agreement.public_url = self.agreement_url(agreement)
        params = register_filter.params
        return self.render(
            request,
            context_overrides={
                "options": options,
                "filter": register_filter,
                "status_choices": STATUS_CHOICES,
                "page_obj": page_obj,
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
        agreement = (
            Agreement.objects.public()
            .with_status()
            .select_related("document_type", "section", "decided_by", "contact", "replaces")
            .filter(slug=slug)
            .first()
        )
        if agreement is None:
            raise Http404
        return TemplateResponse(
            request,
            "agreements/agreement_detail.html",
            {**self.get_context(request), **self.detail_context(agreement, request)},
        )

    @staticmethod
    def detail_context(agreement, request, preview=False):
        """Everything the detail template needs; shared by the public view and previews."""
        index_page = AgreementIndexPage.for_request(request)
        successors = (
            list(agreement.replaced_by.filter(live=True).only("id", "title", "slug", "valid_from"))
            if agreement.pk
            else []
        )
        predecessor = agreement.replaces if agreement.replaces_id else None
        if predecessor is not None and not predecessor.live:
            predecessor = None
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
            "replaced_on": replaced_on,
            "agreement": agreement,
            "successors": successors,
            "predecessor": predecessor,
            "attachments": attachments,
            "topics": topics,
            "municipalities": municipalities,
            "chapters": chapters,
            "body_blocks": body_blocks,
            "register_url": index_page.url if index_page else "/",
            "canonical_url": (
                f"{index_page.get_full_url(request)}{agreement.slug}/" if index_page else None
            ),
            "is_preview": preview,
            "role_labels": dict(AgreementAttachment.Role.choices),
        }
