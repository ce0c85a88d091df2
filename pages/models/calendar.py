"""``/kalender/``: the coming meetings of every group, and the same as iCalendar feeds.

The list filters by section and group type with plain GET parameters (``?sektion=`` with
the section's slug, ``?typ=`` with the group type), so a filtered view is a link; an
unknown value is dropped with a Swedish notice. The feeds (``ical/``,
``sektion/<slug>/ical/``, ``grupp/<id>/ical/``: Wagtail routes only paths that end in a
slash; the file name comes with the response) are RFC 5545 files written with the
``icalendar`` package, for subscribing in Outlook or any calendar program.
"""

import datetime
from urllib.parse import urlencode

from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from core.visibility import public_q

from .groups import GroupMeeting, GroupPage
from .mixins import BasePage, SinglePageMixin
from .sections import SectionPage, section_name

# How far back the feeds reach, so a meeting just held stays in subscribers' calendars.
FEED_PAST_DAYS = 90
# How far ahead the calendar page lists meetings (the feeds have every future meeting).
LIST_AHEAD_DAYS = 366


def meetings(since, section=None, group=None, group_type="", until=None):
    """Meetings from ``since`` (to ``until``) of live, public groups (optionally of one
    section, group or group type), soonest first, with their group and its section's name."""
    groups = GroupPage.objects.live().filter(public_q())
    if section is not None:
        groups = groups.descendant_of(section)
    if group is not None:
        groups = groups.filter(pk=group.pk)
    if group_type:
        groups = groups.filter(group_type=group_type)
    groups = groups.annotate(section_name=section_name())
    group_by_id = {
        g.pk: g
        for g in groups.only("id", "title", "url_path", "path", "depth", "group_type", "locale_id")
    }
    rows = GroupMeeting.objects.filter(page_id__in=list(group_by_id), date__gte=since)
    if until is not None:
        rows = rows.filter(date__lte=until)
    rows = rows.order_by("date", "start_time", "pk")
    result = []
    for meeting in rows:
        meeting.group = group_by_id[meeting.page_id]
        result.append(meeting)
    return result


class CalendarPage(SinglePageMixin, RoutablePageMixin, BasePage):
    """The meeting calendar across groups, with iCalendar feeds."""

    intro = models.TextField(
        "Ingress", max_length=600, blank=True, help_text="Visas ovanför kalendern."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "möteskalender"
        verbose_name_plural = "möteskalendrar"

    @path("")
    def calendar(self, request):
        sections = list(SectionPage.objects.live().order_by("path").only("slug", "short_name"))
        by_slug = {s.slug: s for s in sections}
        types = dict(GroupPage.GroupType.choices)
        notices = []
        section_slug = request.GET.get("sektion", "")
        section = by_slug.get(section_slug)
        if section_slug and section is None:
            notices.append(f"Sektionen ”{section_slug[:60]}” finns inte. Filtret användes inte.")
        group_type = request.GET.get("typ", "")
        if group_type and group_type not in types:
            notices.append(f"Grupptypen ”{group_type[:60]}” finns inte. Filtret användes inte.")
            group_type = ""
        params = {"sektion": section.slug if section else "", "typ": group_type}
        params = {name: value for name, value in params.items() if value}
        today = timezone.localdate()

        def by_month():
            months = {}
            until = today + datetime.timedelta(days=LIST_AHEAD_DAYS)
            for meeting in meetings(today, section=section, group_type=group_type, until=until):
                months.setdefault(meeting.date.replace(day=1), []).append(meeting)
            return list(months.items())

        return self.render(
            request,
            context_overrides={
                "sections": sections,
                "group_types": GroupPage.GroupType.choices,
                "section": section,
                "group_type": group_type,
                "group_type_label": types.get(group_type, ""),
                "params": params,
                "query": urlencode(params),
                "notices": notices,
                "months": SimpleLazyObject(by_month),
            },
        )

    @path("ical/", name="ical_all")
    def ical_all(self, request):
        return self.ical_response(request, "Vårdsamverkan: alla möten", {})

    def ical_url(self, section=None, group=None):
        if group is not None:
            return f"{self.url}grupp/{group.pk}/ical/"
        if section is not None:
            return f"{self.url}sektion/{section.slug}/ical/"
        return f"{self.url}ical/"

    @path("sektion/<slug:slug>/ical/", name="ical_section")
    def ical_section(self, request, slug):
        section = SectionPage.objects.live().filter(public_q()).filter(slug=slug).first()
        if section is None:
            raise Http404("Sektionen finns inte.")
        name = f"Vårdsamverkan: möten i {section.short_name}"
        return self.ical_response(request, name, {"section": section}, slug)

    @path("grupp/<int:group_id>/ical/", name="ical_group")
    def ical_group(self, request, group_id):
        group = GroupPage.objects.live().filter(public_q()).filter(pk=group_id).first()
        if group is None:
            raise Http404("Gruppen finns inte.")
        return self.ical_response(request, group.title, {"group": group}, f"grupp-{group_id}")

    def ical_response(self, request, name, filters, filename="vardsamverkan"):
        from pages.ical import calendar_file

        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        body = calendar_file(request, name, meetings(since, **filters))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
        return response
