"""Group meetings as an iCalendar file (RFC 5545), written with the ``icalendar`` package."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

# A meeting without an end time is shown as lasting this long.
DEFAULT_DURATION = datetime.timedelta(hours=2)


def calendar_file(request, name, meetings):
    """The bytes of a calendar called ``name`` holding ``meetings`` (each with ``.group``)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Vårdsamverkan i Västra Götaland//Möteskalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"mote-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", meeting.group.title)
        if meeting.start_time:
            start = datetime.datetime.combine(meeting.date, meeting.start_time, tz)
            end = (
                datetime.datetime.combine(meeting.date, meeting.end_time, tz)
                if meeting.end_time
                else start + DEFAULT_DURATION
            )
            event.add("dtstart", start)
            event.add("dtend", end)
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + datetime.timedelta(days=1))
        if meeting.place:
            event.add("location", meeting.place)
        url = request.build_absolute_uri(meeting.group.get_url(request))
        event.add("url", url)
        description = [meeting.note] if meeting.note else []
        event.add("description", "\n".join([*description, f"Om gruppen: {url}"]))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
