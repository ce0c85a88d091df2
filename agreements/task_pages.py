"""What a task's page shows (``/avtal/uppgift/<kortnamn>/``), and the list of tasks on the
home page: all from the register's own data."""

from django.template.loader import render_to_string
from django.utils.functional import cached_property

from core.caching import cached
from core.visibility import public_q
from pages.models import GroupPage

from .filters import RegisterFilter
from .models import AgreementIndexPage, Task


class TaskDetails:
    """The agreements in force in the task's area, by document type (the agreement, its
    guidelines, its routines …) with their contacts, and the groups that work with it."""

    def __init__(self, task):
        self.task = task

    @cached_property
    def agreements_by_type(self):
        agreements = (
            RegisterFilter({"omrade": self.task.topic.slug})
            .apply()
            .select_related("document_type", "contact", "section")
        )
        by_type = {}
        for agreement in agreements:
            by_type.setdefault(agreement.document_type, []).append(agreement)
        return sorted(by_type.items(), key=lambda item: (item[0].sort_order, item[0].name))

    @cached_property
    def groups(self):
        chosen = [row.group_id for row in self.task.related_groups.all()]
        groups = GroupPage.objects.live().filter(public_q()).order_by("path")
        if chosen:
            groups = groups.filter(pk__in=chosen)
        else:
            groups = groups.filter(title__icontains=self.task.topic.name)
        return list(groups.only("title", "url_path", "path", "depth", "group_type"))


def all_tasks():
    return cached("tasks-1", lambda: list(Task.objects.select_related("topic")))


def home_tasks_panel(request, page):
    index_page = AgreementIndexPage.for_request(request)
    tasks = all_tasks()
    if index_page is None or not tasks:
        return ""
    context = {"tasks": tasks, "register_url": index_page.register_url}
    return render_to_string("agreements/home_tasks.html", context, request)
