"""What a section editor may see of other sections in the admin's shared views.

Wagtail's reports (workflows, workflow tasks, site history) check only model permissions
for snippets, and its page chooser lists the whole tree. A section editor must not see a
title, log entry or report row of another section's unpublished agreement or page, so:

* rows about a draftable snippet (the agreement register) are kept only for objects the
  snippet's own permission policy lets the user edit (``agreements.permissions`` decides
  the scope; this module knows no app's models), and
* the page chooser shows the pages the user may edit, and other pages only when they are
  live and public (an editor still links to the rest of the site).

The report views replace Wagtail's at the same URLs (``vardsamverkan/urls.py`` puts
``urlpatterns`` before the admin's), so every link and export keeps working.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import DraftStateMixin, ModelLogEntry, Page
from wagtail.permissions import page_permission_policy, policy_registry
from wagtail.snippets.models import get_snippet_models
from wagtail.utils.urlpatterns import decorate_urlpatterns

EDIT_ACTIONS = ["change", "publish"]


def scoped_snippet_rows(user, content_type_field, object_id_field):
    """A Q that keeps rows (log entries, workflow states) about draftable snippets only if
    the user may edit the snippet; rows about anything else pass unchanged."""
    if user.is_superuser:
        return Q()
    keep = Q()
    for model in get_snippet_models():
        if not issubclass(model, DraftStateMixin):
            continue
        editable = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, EDIT_ACTIONS
        )
        content_type = ContentType.objects.get_for_model(model)
        keep &= ~Q(**{content_type_field: content_type}) | Q(
            **{
                f"{object_id_field}__in": editable.annotate(
                    scoped_id=Cast("pk", CharField())
                ).values("scoped_id")
            }
        )
    return keep


class ScopedWorkflowView(WorkflowView):
    def get_queryset(self):
        user = self.request.user
        return super().get_queryset().filter(scoped_snippet_rows(user, "content_type", "object_id"))


class ScopedWorkflowTasksView(WorkflowTasksView):
    def get_queryset(self):
        scope = scoped_snippet_rows(
            self.request.user, "workflow_state__content_type", "workflow_state__object_id"
        )
        return super().get_queryset().filter(scope)


class ScopedSiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            queryset = queryset.filter(
                scoped_snippet_rows(self.request.user, "content_type", "object_id")
            )
        return queryset


def chooser_scope(pages, user):
    """Pages the user may edit, and of the rest only what every visitor may read."""
    if user.is_superuser:
        return pages
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    public = pages.live().public()
    return pages.filter(Q(pk__in=editable.values("pk")) | Q(pk__in=public.values("pk")))


class ScopedBrowseView(BrowseView):
    """The page chooser opened at a page (``/admin/choose-page/<id>/``): the page's title
    heads the listing, so a page outside the user's scope is answered as not found."""

    def get(self, request, parent_page_id=None):
        pages = Page.objects.filter(pk=parent_page_id)
        if not pages.filter(depth=1).exists() and not chooser_scope(pages, request.user):
            raise Http404
        return super().get(request, parent_page_id)


def _report(view_class, url_name):
    return [
        path(f"{url_name}/", view_class.as_view()),
        path(f"{url_name}/results/", view_class.as_view(results_only=True)),
    ]


# Wagtail's report URLs (admin/reports/…), answered by the scoped views.
urlpatterns = decorate_urlpatterns(
    [
        *_report(ScopedWorkflowView, "workflow"),
        *_report(ScopedWorkflowTasksView, "workflow_tasks"),
        *_report(ScopedSiteHistoryView, "site-history"),
    ],
    lambda view: never_cache(require_admin_access(view)),
)

# The page chooser opened at a page (admin/choose-page/<id>/), at Wagtail's URL.
chooser_urlpatterns = decorate_urlpatterns(
    [
        path(
            "<int:parent_page_id>/",
            ScopedBrowseView.as_view(),
            name="wagtailadmin_choose_page_child",
        )
    ],
    require_admin_access,
)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """Pages the user may edit, and of the rest only what every visitor may read."""
    return chooser_scope(pages, request.user)
