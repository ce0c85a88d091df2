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

from .models import SectionPage

KOMMUNIKATOR = "Kommunikatör"
EDITOR_PREFIX = "Redaktör – "
SHARED_COLLECTION = "Gemensamt"

# Wagtail page permission types.
ALL_PAGE_PERMISSIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
SECTION_EDITOR_PAGE_PERMISSIONS = ALL_PAGE_PERMISSIONS

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


def _page_permission(kind):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{kind}_page")


def _collection_permissions(kinds):
    perms = []
    for kind in kinds:
        for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
            perms.append(
                Permission.objects.get(content_type__app_label=app, codename=f"{kind}_{model}")
            )
    return perms


def _sync_group(group, model_perms, page_perms, collection_perms, report):
    """Make the group's permissions exactly these; record what had drifted."""
    wanted = set(model_perms)
    current = set(group.permissions.all())
    if wanted != current:
        if current:
            report.restored.append(group.name)
        group.permissions.set(wanted)

    wanted_pages = {(page.pk, perm.pk) for page, perm in page_perms}
    current_pages = set(group.page_permissions.values_list("page_id", "permission_id"))
    if wanted_pages != current_pages:
        if current_pages and group.name not in report.restored:
            report.restored.append(group.name)
        group.page_permissions.exclude(
            id__in=[
                gp.id
                for gp in group.page_permissions.all()
                if (gp.page_id, gp.permission_id) in wanted_pages
            ]
        ).delete()
        for page_id, perm_id in wanted_pages - current_pages:
            GroupPagePermission.objects.create(group=group, page_id=page_id, permission_id=perm_id)

    wanted_collections = {(c.pk, p.pk) for c, p in collection_perms}
    current_collections = set(
        group.collection_permissions.values_list("collection_id", "permission_id")
    )
    if wanted_collections != current_collections:
        if current_collections and group.name not in report.restored:
            report.restored.append(group.name)
        group.collection_permissions.all().delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection_id=c, permission_id=p)
            for c, p in wanted_collections
        )


def section_collection(section):
    """The section's own collection for documents and images (created if missing)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=section.short_name).first()
    return existing or root.add_child(name=section.short_name)


def shared_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SHARED_COLLECTION).first()
    return existing or root.add_child(name=SHARED_COLLECTION)


def editor_group_for(section):
    """The section's editor group: found by its page permission on the section (so a
    renamed section keeps its group), else by name."""
    group = (
        Group.objects.filter(name__startswith=EDITOR_PREFIX, page_permissions__page=section).first()
        or Group.objects.filter(name=editor_group_name(section)).first()
    )
    return group


@transaction.atomic
def ensure_roles(report=None):
    report = report or RoleReport()
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    shared = shared_collection()

    kommunikator, created = Group.objects.get_or_create(name=KOMMUNIKATOR)
    if created:
        report.created_groups.append(KOMMUNIKATOR)
    _sync_group(
        kommunikator,
        _permissions(KOMMUNIKATOR_MODEL_PERMISSIONS + contributed_permissions("kommunikator")),
        [(root_page, _page_permission(kind)) for kind in ALL_PAGE_PERMISSIONS],
        [(root_collection, perm) for perm in _collection_permissions(MEDIA_ALL)],
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
        own = section_collection(section)
        _sync_group(
            group,
            editor_model_perms,
            [(section, _page_permission(kind)) for kind in SECTION_EDITOR_PAGE_PERMISSIONS],
            [(own, perm) for perm in _collection_permissions(MEDIA_OWN_SECTION)]
            + [(shared, perm) for perm in _collection_permissions(MEDIA_SHARED)],
            report,
        )
    return report


def sections_user_can_edit(user):
    """SectionPages whose pages this user may edit: the basis of every section-scoped
    permission outside the page tree (agreements, collections in choosers, reports)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not user.is_active:
        return SectionPage.objects.none()
    if user.is_superuser:
        return SectionPage.objects.all()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return SectionPage.objects.filter(pk__in=editable.values("pk"))
