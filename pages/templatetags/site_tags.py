"""Template tags for the site chrome: main menu, breadcrumbs, footer settings."""

from django import template
from wagtail.models import Page, Site

from core.caching import STRUCTURE_DEPTH
from pages.models import SiteSettings

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children that are in the menu: register, sections, news."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root = site.root_page if site else None
    current = context.get("page")
    items = []
    if root is not None:
        # Sections are listed by their short name ("Fyrbodal", not "Vårdsamverkan Fyrbodal");
        # the reverse one-to-one join fetches it in the same query.
        items = list(Page.objects.child_of(root).live().in_menu().select_related("sectionpage"))
        for item in items:
            section = getattr(item, "sectionpage", None)
            item.menu_label = section.short_name if section else item.title
    for item in items:
        # "page" only on the page itself; its section (an ancestor) is "true", the
        # current location in the menu without claiming to be the page being read.
        item.is_current = bool(current and current.path.startswith(item.path))
        item.is_page = bool(current and current.path == item.path)
    return {"menu_items": items, "request": request, "root": root}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    ancestors = page.site_ancestors if page is not None else []
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    """Footer: organisation details and "Om webbplatsen" links from the site settings."""
    request = context.get("request")
    footer = SiteSettings.for_request(request) if request else None
    return {
        "footer": footer,
        "footer_links": footer.footer_pages if footer else [],
        "communicator": footer.communicator if footer else None,
        "request": request,
    }


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context, title=None, description=None, canonical=None):
    """Description, canonical link and Open Graph tags for the page being shown.

    Defaults come from the Wagtail page in the context (its search description or intro,
    its own URL without any query string, so filtered or paginated views of a page point
    search engines at the page itself). Views that are not pages pass their own values.
    """
    page = context.get("page")
    request = context.get("request")
    if page is not None:
        title = title or page.seo_title or page.title
        description = description or getattr(page, "meta_description", "")
        if canonical is None and request is not None:
            canonical = page.get_full_url(request)
    return {
        "title": title,
        "description": " ".join((description or "").split()),
        "canonical": canonical,
    }


@register.simple_tag(takes_context=True)
def page_of_type_url(context, model_label):
    """URL of the first live page of a type named as "app.Model" (e.g. the agreement register),
    so templates of this app can link to another app's page without a hard-coded slug."""
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return ""
    page = model.objects.live().order_by("path").first()
    return page.get_url(context.get("request")) if page else ""


@register.simple_tag(takes_context=True)
def editor_userbar(context):
    """Wagtail's userbar, for requests that carry a session (only editors have one).

    Asking ``request.user`` on an anonymous request would load the session and add
    ``Vary: Cookie``; skipping the userbar there keeps anonymous pages identical and cacheable.
    """
    from django.conf import settings
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)


@register.simple_tag(takes_context=True)
def menu_cache_key(context):
    """The part of the page that the main menu depends on: which top-level item is
    current, and whether the page is that item itself or below it."""
    page = context.get("page")
    if page is None:
        return ""
    return page.path[: 3 * page.steplen] + ("" if page.depth <= 3 else "+")


@register.simple_tag(takes_context=True)
def breadcrumbs_version(context):
    """What the breadcrumbs depend on besides the page itself: its ancestors. Down to a
    section's children these are all part of the site's structure (``core.caching``), so
    the breadcrumbs outlast ordinary publications; deeper ancestors are content."""
    page = context.get("page")
    shallow = page is not None and page.depth <= STRUCTURE_DEPTH + 1
    return context["structure_version" if shallow else "content_version"]
