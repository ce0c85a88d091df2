from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction

from core.admin_widgets import NativePublishingPanel
from core.caching import STRUCTURE_DEPTH, cached
from core.visibility import may_be_restricted


class BasePage(Page):
    """Behaviour every page type of the site shares (not a table of its own).

    Page templates wrap what is the same for every visitor in ``{% wagtailpagecache %}``
    keyed on the content version (``core.caching``), and read their listings through page
    properties or querysets: both are evaluated only when the fragment is rendered, so a
    page whose content comes from the cache runs none of their queries. (Build a queryset
    inside the property: ``.public()`` reads the view restrictions at once.)
    """

    # Wagtail's settings tab, with the browser's own date inputs for scheduling.
    settings_panels = [NativePublishingPanel(), *Page.settings_panels[1:]]

    class Meta:
        abstract = True

    @cached_property
    def site_ancestors(self):
        """Ancestors from the home page down (for breadcrumbs), in one query.

        The reverse one-to-one join to SectionPage comes along so that ``section`` needs no
        query of its own.
        """
        if self.depth <= 2:
            return []
        return list(self.get_ancestors().filter(depth__gte=2).select_related("sectionpage"))

    @cached_property
    def section(self):
        """The SectionPage this page lives in, or None for site-wide pages."""
        from .sections import SectionPage

        if isinstance(self, SectionPage):
            return self
        for ancestor in self.site_ancestors:
            section = getattr(ancestor, "sectionpage", None)
            if section is not None:
                return section
        return None

    def route(self, request, path_components):
        """Wagtail's routing, with the pages of a path read in one query.

        Wagtail asks for a path one level at a time, two queries a level (the child, then
        its specific type). The home page's children (the sections, the register, …) are
        structural (``core.caching``): their ids and types are kept per structure version,
        so one of them is read in one query of its own type. Below them, the pages at every
        level are read together by their URL paths, and routing goes on from the deepest
        one found, or from the first routable page on the way (the register, the
        municipality overview, … answer paths of their own): one query for the levels and
        one for that page's type. A path no page has is a 404, as before.
        """
        if not path_components:
            return super().route(request, path_components)
        children = self.structural_children() if self.depth < STRUCTURE_DEPTH else {}
        if path_components[0] in children:
            pk, content_type = children[path_components[0]]
            model = ContentType.objects.get_for_id(content_type).model_class()
            child = model.objects.filter(pk=pk).first() if model else None
            if child is not None:
                return child.route(request, path_components[1:])
        paths = [
            f"{self.url_path}{'/'.join(path_components[:n])}/"
            for n in range(1, len(path_components) + 1)
        ]
        found = list(
            Page.objects.filter(url_path__in=paths, path__startswith=self.path)
            .order_by("depth")
            .only("id", "path", "depth", "url_path", "content_type_id")
        )
        if not found:
            raise Http404
        for level, page in enumerate(found, start=1):
            if page is found[-1] or page.specific_class.route is not BasePage.route:
                return page.specific.route(request, path_components[level:])

    def structural_children(self):
        """``{slug: (id, content type id)}`` of this page's live children, for a page whose
        children are structural: publishing, moving or deleting one moves the structure
        version (``core.caching``)."""
        children = self.get_children().live().values_list("slug", "pk", "content_type")
        return cached(
            "structural-children",
            lambda: {slug: (pk, content_type) for slug, pk, content_type in children},
            self.pk,
            scope="structure",
        )

    def get_view_restrictions(self):
        """Wagtail's, without its two queries for a page that no restriction can cover
        (``core.visibility.may_be_restricted``): most of the site."""
        if may_be_restricted(self.path):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    @property
    def meta_description(self):
        """Text for <meta name="description">: the search description, else the intro."""
        return self.search_description or getattr(self, "intro", "") or ""


class ReviewedMixin(models.Model):
    """Adds "Senast granskad": the date an editor last checked that the page is still true.

    Staff rely on these pages for how collaboration works; a visible review date tells them
    how fresh the text is and lets the stale-content report find pages nobody has checked.
    """

    last_reviewed = models.DateField(
        "Senast granskad",
        null=True,
        blank=True,
        help_text="Datum då innehållet senast kontrollerades. Visas på sidan.",
    )

    class Meta:
        abstract = True


class SinglePageMixin:
    """A page type with one live page (``max_count = 1``) that other pages link to: the
    register, the municipality overview, the calendar. ``for_request`` finds it once and
    keeps it until content changes."""

    @classmethod
    def for_request(cls, request=None):
        return cached(
            f"single-page:{cls._meta.label_lower}",
            lambda: cls.objects.live().only("id", "url_path", "path", "depth", "title").first(),
            scope="structure",
        )
