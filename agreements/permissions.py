"""Who may do what with agreements: one permission policy, derived from page permissions.

The rule (DESIGN.md section 5): *whoever may edit a section's pages may edit that section's
agreements.* There is no second mapping from groups to sections: ``pages.permissions``
decides which sections a user may edit, and this policy only adds the model permission
(the role) on top. Section editors have no ``publish`` permission on agreements, so what they
write reaches the public through the kommunikatör's approval workflow; for the same reason
they may only delete agreements that have never been published.

Wagtail 8's generic snippet views check only model-level permissions (upstream issues
#13314 and #6731). ``enforce_instance_permissions`` therefore wraps every admin URL of the
agreement viewset that takes an object id, in one place, and bulk actions use this policy
through Wagtail's policy registry.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from wagtail.permission_policies.base import ModelPermissionPolicy

from pages.permissions import sections_user_can_edit

# The action each object URL of the snippet viewset needs (Wagtail 8.0's URL names).
# A test asserts that every URL taking an object id is listed, so a Wagtail upgrade that
# adds a view cannot slip through unchecked.
URL_ACTIONS = {
    "edit": "change",
    "delete": "delete",
    "unpublish": "publish",
    "usage": "change",
    "history": "change",
    "history_results": "change",
    "inspect": "change",
    "copy": "change",
    "preview_on_edit": "change",
    "revisions_view": "change",
    "revisions_compare": "change",
    "revisions_revert": "change",
    "revisions_unschedule": "publish",
    "lock": "lock",
    "unlock": "unlock",
    "workflow_action": "change",
    "collect_workflow_action_data": "change",
    "confirm_workflow_cancellation": "change",
    "workflow_history": "change",
    "workflow_history_detail": "change",
    "workflow_preview": "change",
}


class AgreementPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (the role) plus the section rule (the scope)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if user.is_superuser:
            return True
        if not sections_user_can_edit(user).filter(pk=instance.section_id).exists():
            return False
        if set(actions) == {"delete"} and instance.first_published_at is not None:
            # Published agreements are part of the public record: withdrawing one is the
            # kommunikatör's decision (who also holds "publish").
            return self.user_has_permission(user, "publish")
        return True

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser:
            return queryset
        return queryset.filter(section__in=sections_user_can_edit(user))


class DecisionPermissionPolicy(ModelPermissionPolicy):
    """A party's decision belongs to its agreement's section: whoever may edit the
    agreement may record, change and delete its decisions (they are facts from the
    parties' minutes, outside the approval workflow)."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return (
            user.is_superuser
            or sections_user_can_edit(user).filter(pk=instance.agreement.section_id).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser:
            return queryset
        return queryset.filter(agreement__section__in=sections_user_can_edit(user))


def enforce_instance_permissions(view, url_name, policy, model):
    """Wrap an admin view that takes ``pk`` so it refuses objects outside the user's scope.

    The object is loaded and checked before the view runs; a refusal raises
    PermissionDenied, which the Wagtail admin turns into its "no permission" redirect.
    Nothing the view would have written (a revision, a lock, a deletion) happens.
    """
    action = URL_ACTIONS.get(url_name, "change")

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            instance = model.objects.filter(pk=unquote(str(pk))).first()
            if instance is not None and not policy.user_has_permission_for_instance(
                request.user, action, instance
            ):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def role_permissions():
    """Model permissions the roles need for the register (collected by ``pages``)."""
    all_models = ["agreement", "documenttype", "topic", "decisionbody", "decision"]
    kommunikator = [
        f"agreements.{verb}_{model}" for model in all_models for verb in ("add", "change", "delete")
    ] + [
        "agreements.publish_agreement",
        "agreements.lock_agreement",
        "agreements.unlock_agreement",
    ]
    editor = [
        "agreements.add_agreement",
        "agreements.change_agreement",
        "agreements.delete_agreement",
        "agreements.lock_agreement",
        "agreements.unlock_agreement",
        "agreements.add_decision",
        "agreements.change_decision",
        "agreements.delete_decision",
    ]
    return {"kommunikator": kommunikator, "editor": editor}
