import operator
from functools import partial

from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject, cached_property
from wagtail.models import Page, PageViewRestriction, Site


class BasePage(Page):
    """Behaviour every page type of the site shares (not a table of its own)."""

    class Meta:
        abstract = True

    #: True for page types whose content (everything inside ``{% block content %}``) is
    #: the same for every visitor: it is then rendered once per content version and kept
    #: in the shared cache (see ``content_cache_key``). A page type whose content depends
    #: on the request (a form with a CSRF token, filters) leaves it False.
    cache_content = False

    def content_cache_key(self, request):
        """Where this page's rendered content is kept, or None to render it every time.

        The whole-page cache already answers repeated anonymous requests for the same URL
        within a process. This is the layer below it: shared by every worker and
        container, it survives worker restarts, serves editors (who never get whole cached
        pages) and URLs that differ only in parameters the page does not read, so that
        after a publication each page's content is rendered once, not once per process.
        Previews (drafts) never use it.
        """
        if (
            not self.cache_content
            or self.pk is None
            or request.method not in ("GET", "HEAD")
            or getattr(request, "is_preview", False)
        ):
            return None
        site = getattr(request, "_wagtail_site", None)
        return f"{site.pk if site else 0}:{self.pk}"

    #: Context values that cost queries, computed by ``get_listings`` (see there).
    listing_names = ()

    def get_listings(self, request):
        """The values named in ``listing_names``, as a dict.

        They enter the context as lazy values: computed only if the template actually
        renders them, so a page whose content comes from the cache (``content_cache_key``)
        runs none of their queries.
        """
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_cache_key"] = self.content_cache_key(request)
        if self.listing_names:
            listings = SimpleLazyObject(lambda: self.get_listings(request))
            for name in self.listing_names:
                context[name] = SimpleLazyObject(partial(operator.getitem, listings, name))
        # Directly below the home page the only ancestor is the site's root page, which the
        # request's Site already carries: breadcrumbs then need no query.
        if self.depth == 3 and "site_ancestors" not in self.__dict__:
            site = Site.find_for_request(request)
            if site is not None and self.path.startswith(site.root_page.path):
                self.site_ancestors = [site.root_page]
        return context

    def get_view_restrictions(self):
        """The view restrictions that apply to this page; no query for an open page.

        Same rules as Wagtail's version (restrictions on this page or any ancestor; an
        alias uses its source page's restrictions). Wagtail asks on every page view, and
        almost every page is open: the cached list of restricted subtrees
        (``pages.caching.protected_paths``) answers that without the database. Only a page
        inside such a subtree, or an alias, runs the query, with the ancestors' tree paths
        derived from this page's path instead of fetched first.
        """
        from pages.caching import protected_paths

        if not self.alias_of_id and not any(
            self.path.startswith(path) for path in protected_paths()
        ):
            return PageViewRestriction.objects.none()
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
