"""Roles and their permissions: the one source of truth (DESIGN.md section 5).

Two kinds of role:

* **Kommunikatör** – edits everything site-wide, approves what section editors submit,
  manages users, settings, redirects, forms and subscribers.
* **Redaktör – <sektion>** – one group per section; edits the pages of its own section and
  uploads to its own collection. What it may do with agreements is *derived* from these page
  permissions by the agreements app (``agreements.permissions``), never stored twice.

``ensure_roles()`` (run by ``setup_site``) creates the groups, collections and permissions and
repairs any drift: each group ends up with exactly the permissions listed here. Other apps
add the model permissions their roles need through the ``role_permissions`` hook, so this
module never imports them.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permissions import page_permission_policy

from .models import SectionPage

KOMMUNIKATOR = "Kommunikatör"
EDITOR_PREFIX = "Redaktör – "
SHARED_COLLECTION = "Gemensamt"

# Wagtail page permission types: both roles hold all of them (the kommunikatör on the whole
# tree, an editor on the own section).
PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]

MEDIA_ALL = ["add", "change", "delete", "choose"]
MEDIA_OWN_SECTION = ["add", "change", "choose"]
MEDIA_SHARED = ["choose"]

# Model permissions as "app_label.codename".
KOMMUNIKATOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
    "pages.add_contact",
    "pages.change_contact",
    "pages.delete_contact",
    "pages.add_municipality",
    "pages.change_municipality",
    "pages.delete_municipality",
    "pages.change_sitesettings",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.delete_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "wagtailcore.delete_task",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
]
EDITOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    # Editors put contact persons on their pages; they may add and correct them.
    "pages.add_contact",
    "pages.change_contact",
]


@dataclass
class RoleReport:
    created_groups: list = field(default_factory=list)
    restored: list = field(default_factory=list)


def editor_group_name(section):
    return f"{EDITOR_PREFIX}{section.short_name}"


def is_kommunikator(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=KOMMUNIKATOR).exists())


def contributed_permissions(role):
    """Model permissions other apps add for a role ("kommunikator" or "editor")."""
    codenames = []
    for hook in hooks.get_hooks("role_permissions"):
        codenames.extend(hook().get(role, []))
    return codenames


def _permissions(labels):
    wanted = set(labels)
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={label.split(".", 1)[1] for label in wanted}
        )
    }
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"Okända behörigheter: {', '.join(sorted(missing))}")
    return [found[label] for label in sorted(wanted)]


def _media_permissions(kinds):
    """Permissions on documents and images of these kinds ("add", "choose", …)."""
    return _permissions(
        f"{app}.{kind}_{model}"
        for kind in kinds
        for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    )


def _sync_group(group, model_perms, page_perms, collection_perms, report):
    """Make the group's permissions exactly these; record the group if they had drifted."""
    wanted_pages = {(page.pk, perm.pk) for page, perm in page_perms}
    wanted_collections = {(collection.pk, perm.pk) for collection, perm in collection_perms}
    current = (
        set(group.permissions.all()),
        set(group.page_permissions.values_list("page_id", "permission_id")),
        set(group.collection_permissions.values_list("collection_id", "permission_id")),
    )
    if current == (set(model_perms), wanted_pages, wanted_collections):
        return
    if any(current):  # a new group is not "restored"
        report.restored.append(group.name)
    group.permissions.set(model_perms)
    group.page_permissions.all().delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=page, permission_id=perm)
        for page, perm in wanted_pages
    )
    group.collection_permissions.all().delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=collection, permission_id=perm)
        for collection, perm in wanted_collections
    )


def child_collection(name):
    """The collection of this name below the root (created if missing): one per section
    for its documents and images, and the shared one."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def editor_group_for(section):
    """The section's editor group: found by its page permission on the section (so a
    renamed section keeps its group), else by name."""
    return (
        Group.objects.filter(name__startswith=EDITOR_PREFIX, page_permissions__page=section).first()
        or Group.objects.filter(name=editor_group_name(section)).first()
    )


@transaction.atomic
def ensure_roles():
    report = RoleReport()
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    shared = child_collection(SHARED_COLLECTION)
    page_perms = _permissions(f"wagtailcore.{kind}_page" for kind in PAGE_PERMISSIONS)

    kommunikator, created = Group.objects.get_or_create(name=KOMMUNIKATOR)
    if created:
        report.created_groups.append(KOMMUNIKATOR)
    _sync_group(
        kommunikator,
        _permissions(KOMMUNIKATOR_MODEL_PERMISSIONS + contributed_permissions("kommunikator")),
        [(root_page, perm) for perm in page_perms],
        [(root_collection, perm) for perm in _media_permissions(MEDIA_ALL)],
        report,
    )

    editor_model_perms = _permissions(EDITOR_MODEL_PERMISSIONS + contributed_permissions("editor"))
    for section in SectionPage.objects.order_by("path"):
        group = editor_group_for(section)
        name = editor_group_name(section)
        if group is None:
            group = Group.objects.create(name=name)
            report.created_groups.append(name)
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        own = child_collection(section.short_name)
        _sync_group(
            group,
            editor_model_perms,
            [(section, perm) for perm in page_perms],
            [(own, perm) for perm in _media_permissions(MEDIA_OWN_SECTION)]
            + [(shared, perm) for perm in _media_permissions(MEDIA_SHARED)],
            report,
        )
    return report


def sections_user_can_edit(user):
    """SectionPages whose pages this user may edit: the basis of every section-scoped
    permission outside the page tree (agreements, collections in choosers, reports)."""
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return SectionPage.objects.filter(pk__in=editable.values("pk"))
