from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.communities.models import Community, GroupKind, Role
from cercle.lib.uploads import validate_image
from cercle.privacy.fields import EXPORTABLE_CHOICES

CHARTER_CHECKBOX_LABEL = _("I have read the charter and I accept it.")


class JoinForm(forms.Form):
    accepts_charter = forms.BooleanField(label=CHARTER_CHECKBOX_LABEL, required=True)


class RequestToJoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to join?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("A few words for the animators: your practice, what you hope to find."),
    )
    accepts_charter = forms.BooleanField(label=CHARTER_CHECKBOX_LABEL, required=True)


class CharterAcceptForm(forms.Form):
    accepts_charter = forms.BooleanField(label=CHARTER_CHECKBOX_LABEL, required=True)


class CommunitySettingsForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = [
            "name",
            "purpose",
            "audience",
            "description",
            "logo",
            "entry_mode",
            "visibility",
            "invite_policy",
            "welcome_message",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "welcome_message": forms.Textarea(attrs={"rows": 4}),
            "entry_mode": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_image(logo)
        return logo


class CommunityCreateForm(CommunitySettingsForm):
    charter = forms.CharField(
        label=_("Charter"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The rules members accept when they join. Markdown. You can change it "
            "later: members will be asked to accept the new version."
        ),
    )

    class Meta(CommunitySettingsForm.Meta):
        fields = [
            "name",
            "slug",
            "purpose",
            "audience",
            "description",
            "entry_mode",
            "visibility",
            "charter",
        ]


class CharterForm(forms.Form):
    body = forms.CharField(label=_("Charter"), widget=forms.Textarea(attrs={"rows": 14}))
    summary = forms.CharField(
        label=_("What changed (shown to members)"), max_length=240, required=False
    )
    exportable_fields = forms.MultipleChoiceField(
        label=_("Members' data the animators may export"),
        choices=EXPORTABLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Name, role and date joined are always exported. Members accept this list with "
            "the charter."
        ),
    )


class InviteByEmailForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or several, separated by commas or lines."),
    )
    message = forms.CharField(
        label=_("A personal word (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class InvitationLinkForm(forms.Form):
    max_uses = forms.IntegerField(
        label=_("How many people can use it"), min_value=1, max_value=500, initial=20
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)


class DecideRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RoleForm(forms.Form):
    role = forms.TypedChoiceField(label=_("Role"), choices=Role.choices, coerce=int)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    region = forms.CharField(
        label=_("Region or city (local chapters)"), max_length=120, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
