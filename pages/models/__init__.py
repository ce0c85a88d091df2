"""Page types and the models they rely on.

Split by concern so each file can be read on its own; import from ``pages.models``.
"""

from .accessibility import AccessibilityStatementPage
from .calendar import CalendarPage
from .contacts import Contact
from .content import ContentPage
from .documents import DocumentCheck
from .forms import SurveyFormField, SurveyPage
from .groups import GroupDocument, GroupMeeting, GroupMember, GroupPage
from .home import HomePage
from .municipalities import MunicipalityIndexPage
from .news import NewsIndexPage, NewsPage
from .reports import StatusIndicator, StatusReportIndexPage, StatusReportPage
from .sections import Municipality, SectionContact, SectionPage
from .settings import SiteSettings

__all__ = [
    "CalendarPage",
    "AccessibilityStatementPage",
    "Contact",
    "ContentPage",
    "DocumentCheck",
    "GroupDocument",
    "GroupMeeting",
    "GroupMember",
    "GroupPage",
    "HomePage",
    "Municipality",
    "MunicipalityIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "SectionContact",
    "SectionPage",
    "SiteSettings",
    "StatusIndicator",
    "StatusReportIndexPage",
    "StatusReportPage",
    "SurveyFormField",
    "SurveyPage",
]
