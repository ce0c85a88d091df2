"""The subscriptions app's part of the admin and of other apps' pages (through hooks, so
``pages`` and ``agreements`` never import this app)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .admin_views import (
    STATISTICS_PERMISSION,
    SubscriberPermissionPolicy,
    SubscriberViewSet,
    SubscriptionStatisticsView,
)
from .models import Subscriber
from .topics import municipality_key, reports_key, section_key

register_permission_policy(Subscriber, SubscriberPermissionPolicy(Subscriber))


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("prenumeranter")


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [
        path(
            "prenumeranter-per-amne/",
            SubscriptionStatisticsView.as_view(),
            name="subscriptions_statistics",
        )
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(STATISTICS_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        "Prenumeranter per ämne",
        reverse("subscriptions_statistics"),
        icon_name="mail",
        order=900,
    )


@hooks.register("section_page_panels")
def follow_section_panel(request, section):
    """A "follow this section by e-mail" link on every section page (no query)."""
    url = f"{reverse('subscriptions:subscribe')}?amne={section_key(section.pk)}"
    return render_to_string("subscriptions/section_panel.html", {"section": section, "url": url})


@hooks.register("municipality_page_panels")
def follow_municipality_panel(request, municipality):
    """ "Prenumerera på ändringar för <kommun>" on every municipality's page (no query)."""
    url = f"{reverse('subscriptions:subscribe')}?amne={municipality_key(municipality.pk)}"
    return render_to_string(
        "subscriptions/municipality_panel.html", {"municipality": municipality, "url": url}
    )


@hooks.register("status_report_index_follow")
def follow_reports_link(request, index_page):
    """Fills the subscribe placeholder on a status report index page (no query)."""
    return render_to_string(
        "subscriptions/report_follow_link.html",
        {"url": f"{reverse('subscriptions:subscribe')}?amne={reports_key(index_page.pk)}"},
    )


@hooks.register("role_permissions")
def subscription_role_permissions():
    """The kommunikatör sees the counts and the addresses (to delete one on request);
    section editors get nothing from this app, so they never see an address."""
    return {
        "kommunikator": [
            STATISTICS_PERMISSION,
            "subscriptions.view_subscriber",
            "subscriptions.delete_subscriber",
        ]
    }
