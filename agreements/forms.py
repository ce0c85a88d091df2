"""The agreement edit form in the admin."""

from wagtail.admin.forms import WagtailAdminModelForm

from pages.permissions import sections_user_can_edit


class AgreementAdminForm(WagtailAdminModelForm):
    """Offers only the sections (and predecessors) the editor may work with.

    A section editor sees their own section as the only owner choice; a forged POST naming
    another section fails validation ("Välj ett giltigt alternativ"), so nothing is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        sections = sections_user_can_edit(user)
        if "section" in self.fields:
            self.fields["section"].queryset = sections.order_by("path")
            if sections.count() == 1 and not self.instance.pk:
                self.fields["section"].initial = sections.first().pk
        if "replaces" in self.fields:
            self.fields["replaces"].queryset = self.fields["replaces"].queryset.filter(
                section__in=sections
            )


class DecisionAdminForm(WagtailAdminModelForm):
    """Offers only agreements that need each party's decision and that the editor may
    edit; a forged POST naming another section's agreement fails validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.permissions import policy_registry

        from .models import Agreement

        if "agreement" in self.fields:
            agreements = Agreement.objects.filter(needs_party_decisions=True)
            if self.for_user is not None:
                policy = policy_registry.get_by_type(Agreement)
                editable = policy.instances_user_has_permission_for(self.for_user, "change")
                agreements = agreements.filter(pk__in=editable.values("pk"))
            self.fields["agreement"].queryset = agreements.order_by("title")
