from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction, Site


class BasePage(Page):
    """Behaviour every page type of the site shares (not a table of its own)."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Directly below the home page the only ancestor is the site's root page, which the
        # request's Site already carries: breadcrumbs then need no query.
        if self.depth == 3 and "site_ancestors" not in self.__dict__:
            site = Site.find_for_request(request)
            if site is not None and self.path.startswith(site.root_page.path):
                self.site_ancestors = [site.root_page]
        return context

    def get_view_restrictions(self):
        """The view restrictions that apply to this page, in one query.

        Same rules as Wagtail's version (restrictions on this page or any ancestor; an
        alias uses its source page's restrictions), but the ancestors' tree paths are
        derived from this page's path instead of being fetched first.
        """
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        chain = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=chain.filter(alias_of__isnull=True))
            | Q(page__in=chain.filter(alias_of__isnull=False).values("alias_of"))
        )

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
