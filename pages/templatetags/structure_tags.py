"""The collaboration's structure on pages: organisation chart, municipality map, the
"Välj din kommun" form and links to municipality pages. Used inside cached fragments, so
their queries run only when the fragment is rendered."""

from django import template

from pages.maps import build_map
from pages.models.calendar import CalendarPage
from pages.models.municipalities import MunicipalityIndexPage, all_municipalities
from pages.orgchart import chart_for

register = template.Library()


@register.inclusion_tag("includes/org_chart.html", takes_context=True)
def org_chart(context, page=None):
    # The request lets {% pageurl %} look the site's root paths up once, not once per box.
    chart = page.chart if page is not None else chart_for()
    return {"chart": chart, "current": page, "request": context.get("request")}


@register.inclusion_tag("includes/municipality_map.html", takes_context=True)
def municipality_map(context, heading_level=2):
    index = MunicipalityIndexPage.for_request(context.get("request"))
    municipalities = all_municipalities()
    return {
        "map": build_map(municipalities),
        "index_url": index.index_url if index else "",
        "heading_level": heading_level,
    }


@register.inclusion_tag("includes/choose_municipality.html", takes_context=True)
def choose_municipality(context, form_id="valj-kommun"):
    """A plain GET form to a municipality's page (works without JavaScript)."""
    index = MunicipalityIndexPage.for_request(context.get("request"))
    return {
        "index_url": index.index_url if index else "",
        "municipalities": all_municipalities(),
        "form_id": form_id,
    }


@register.simple_tag(takes_context=True)
def municipality_url(context, municipality):
    """The URL of ``municipality``'s page, or "" if there is no municipality overview."""
    index = MunicipalityIndexPage.for_request(context.get("request"))
    return index.municipality_url(municipality) if index else ""


@register.simple_tag(takes_context=True)
def municipality_index_url(context):
    index = MunicipalityIndexPage.for_request(context.get("request"))
    return index.index_url if index else ""


@register.simple_tag(takes_context=True)
def ical_url(context, section=None, group=None):
    """The iCalendar feed of a group's or a section's meetings (or all), or ""."""
    calendar = CalendarPage.for_request(context.get("request"))
    return calendar.ical_url(section=section, group=group) if calendar else ""


@register.simple_tag(takes_context=True)
def calendar_url(context):
    calendar = CalendarPage.for_request(context.get("request"))
    return calendar.url if calendar else ""
