from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.discussions.actions import MAX_BODY_CHARS
from cercle.discussions.models import Category
from cercle.moderation.actions.common import MAX_DAYS, MAX_MESSAGE_CHARS, MAX_REASON_CHARS
from cercle.moderation.actions.reports import MAX_DETAILS_CHARS
from cercle.moderation.models import ModerationSettings, ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report it?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("What is the problem?"),
        required=False,
        max_length=MAX_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators read it. Your name is never shown to the person."),
    )


class DecisionForm(forms.Form):
    """Every decision: a public reason, a private message to the person."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public: shown in the community's moderation log. Name no one."),
    )
    message = forms.CharField(
        label=_("Message to the person"),
        required=False,
        max_length=MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Private: sent to them only, in Cercle and by email."),
    )
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TimedDecisionForm(DecisionForm):
    days = forms.IntegerField(
        label=_("For how many days"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Empty: until an animator lifts it."),
    )


class EditPostForm(DecisionForm):
    body = forms.CharField(
        label=_("New text"), max_length=MAX_BODY_CHARS, widget=forms.Textarea(attrs={"rows": 8})
    )
    field_order = ["body", "reason", "message", "report"]


class MoveForm(DecisionForm):
    category = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No category"),
    )
    field_order = ["category", "reason", "message", "report"]

    def __init__(self, *args, community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(community=community)


class MergeForm(DecisionForm):
    into = forms.IntegerField(
        label=_("Number of the topic to merge it into"),
        min_value=1,
        help_text=_("The number in that topic's address: …/t/<number>/"),
    )
    field_order = ["into", "reason", "message", "report"]


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the moderators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reverse it"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public: shown in the moderation log next to the decision."),
    )


class RulesForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = [
            "premoderate_first_posts",
            "premoderated_categories",
            "trust_after_posts",
            "trust_after_days",
            "new_posts_per_day",
            "new_links_per_post",
            "new_attachments_per_post",
            "new_invitations_per_day",
            "posts_per_hour",
        ]
        widgets = {"premoderated_categories": forms.CheckboxSelectMultiple}
        help_texts = {
            "new_posts_per_day": _("Empty: no limit."),
            "new_links_per_post": _("Empty: no limit."),
            "new_attachments_per_post": _("Empty: no limit."),
            "new_invitations_per_day": _("Empty: no limit."),
        }

    def __init__(self, *args, community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["premoderated_categories"].queryset = Category.objects.filter(
            community=community
        )
        self.fields["premoderated_categories"].required = False
