from urllib.parse import urlencode

from django.db import models
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from core.pagination import paginate
from pages.models.mixins import BasePage, SinglePageMixin

from .agreement import Agreement
from .tasks import Task

# What a row of the list shows (agreements/includes/register_results.html).
ROW_FIELDS = (
    "title",
    "slug",
    "level",
    "valid_from",
    "valid_to",
    "under_revision",
    "summary",
    "document_type__name",
    "section__short_name",
    "stage",
    "consultation_deadline",
    "needs_party_decisions",
    "section_id",
)


class AgreementIndexPage(SinglePageMixin, RoutablePageMixin, BasePage):
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

    @cached_property
    def register_url(self):
        """This page's URL, worked out once: the register links to itself and to every
        agreement it lists."""
        return self.url

    def agreement_url(self, agreement):
        return f"{self.register_url}{agreement.slug}/"

    # -- the list -----------------------------------------------------------------------------

    @path("")
    def register(self, request):
        """The list with its filter form.

        The form and the result list depend only on the canonical filters (and the list on
        the page number), never on the visitor, so the template keeps both as fragments
        per content version; the result page is a lazy value, queried only when its
        fragment is rendered. Notices about ignored parameters depend on what was typed
        and are always rendered.
        """
        from agreements.filters import RegisterFilter

        register_filter = RegisterFilter(request.GET)
        params = register_filter.params

        def page_obj():
            results = (
                register_filter.apply()
                .with_decision_progress()
                .with_replacement()
                .select_related("document_type", "section")
                .only(*ROW_FIELDS)
            )
            return paginate(request, results, self.per_page)

        return self.render(
            request,
            context_overrides={
                "filter": register_filter,
                "page_obj": SimpleLazyObject(page_obj),
                "register_url": self.register_url,
                "query_prefix": urlencode(params) + "&" if params else "",
                "export_query": ("?" + urlencode(params)) if params else "",
            },
        )

    # -- consultations ------------------------------------------------------------------

    @path("remisser/", name="consultations")
    def consultations(self, request):
        """Proposals on consultation: open ones by deadline, then those whose deadline
        has passed (still proposals until decided or withdrawn)."""
        from .agreement import Stage

        today = timezone.localdate()
        proposals = (
            Agreement.objects.public()
            .filter(stage=Stage.CONSULTATION)
            .select_related("document_type", "section")
            .order_by(F("consultation_deadline").asc(nulls_last=True), "title")
        )
        return self.render(
            request,
            template="agreements/consultation_list.html",
            context_overrides={
                "open_proposals": [
                    p
                    for p in proposals
                    if not p.consultation_deadline or p.consultation_deadline >= today
                ],
                "closed_proposals": [
                    p
                    for p in proposals
                    if p.consultation_deadline and p.consultation_deadline < today
                ],
                "register_url": self.register_url,
                "canonical_url": f"{self.get_full_url(request)}remisser/",
                "today": today,
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

    # -- entry points by task ------------------------------------------------------------

    @path("uppgift/<slug:slug>/", name="task")
    def task(self, request, slug):
        """A task's page: what applies today in its area, from the register's own data;
        its content is a fragment, read only when it is rendered."""
        from agreements.task_pages import TaskDetails

        task = get_object_or_404(Task.objects.select_related("topic"), slug=slug)
        return self.render(
            request,
            template="agreements/task_page.html",
            context_overrides={
                "task": task,
                "details": TaskDetails(task),
                "register_url": self.register_url,
                "canonical_url": f"{self.get_full_url(request)}uppgift/{task.slug}/",
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [
                {"location": f"{base}uppgift/{slug}/", "lastmod": self.last_published_at}
                for slug in Task.objects.values_list("slug", flat=True)
            ]
        return urls

    # -- one agreement --------------------------------------------------------------------

    @path("<slug:slug>/", name="agreement")
    def agreement(self, request, slug):
        """One agreement. Its article is the same for every visitor and kept as a template
        fragment (agreement_detail.html); previews render the same template, uncached."""
        # Its related rows are read only when the article's fragment is rendered; its type
        # and owner come with it (joined), as every article shows them.
        public = Agreement.objects.public().select_related("document_type", "section")
        agreement = get_object_or_404(public, slug=slug)
        return self.render(
            request,
            template="agreements/agreement_detail.html",
            context_overrides=self.agreement_context(agreement, request),
        )

    @path("<slug:slug>/jamfor/", name="compare")
    def compare(self, request, slug):
        """What changed: this version's web version against the version it replaces."""
        from agreements.compare import compare

        agreement = get_object_or_404(
            Agreement.objects.public().select_related("replaces"), slug=slug
        )
        predecessor = agreement.predecessor
        if predecessor is None:
            raise Http404("Avtalet ersätter ingen publicerad version.")
        return self.render(
            request,
            template="agreements/compare.html",
            context_overrides={
                **self.agreement_context(agreement, request),
                "predecessor": predecessor,
                "comparison": compare(predecessor.body, agreement.body),
                "canonical_url": f"{self.get_full_url(request)}{agreement.slug}/jamfor/",
            },
        )

    @path("<slug:slug>/pdf/", name="agreement_pdf")
    def agreement_pdf(self, request, slug):
        """The accessible PDF of a published agreement's web version (agreements.pdf)."""
        from django.core.files.storage import default_storage
        from django.http import FileResponse, Http404

        from agreements.pdf import agreement_pdf_path

        agreement = get_object_or_404(Agreement.objects.public(), slug=slug)
        if not agreement.body:
            raise Http404
        return FileResponse(
            default_storage.open(agreement_pdf_path(agreement)),
            content_type="application/pdf",
            filename=f"{agreement.slug}.pdf",
        )

    def agreement_context(self, agreement, request):
        """What the detail template needs besides the agreement (also for previews)."""
        return {
            "page": self,
            "agreement": agreement,
            "register_url": self.register_url,
            "canonical_url": f"{self.get_full_url(request)}{agreement.slug}/",
        }
