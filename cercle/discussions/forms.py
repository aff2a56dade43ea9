from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.communities.models import Group
from cercle.discussions.actions import MAX_BODY_CHARS, MAX_TITLE_CHARS, PollSpec
from cercle.discussions.models import Category, IdeaStatus, ReactionKind, Side, TopicKind

BODY_HELP = _("Markdown: **bold**, *italic*, [link](https://…), > quote, - list.")


class TopicForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    framing = forms.CharField(
        label=_("Framing of the debate"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For debates: the question put, the rules, what each side defends."),
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_BODY_CHARS,
        help_text=BODY_HELP,
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Up to five, separated by commas."),
    )
    poll_question = forms.CharField(label=_("Poll question"), required=False, max_length=200)
    poll_choices = forms.CharField(
        label=_("Answers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line."),
    )
    poll_multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)
    poll_closes_at = forms.DateTimeField(
        label=_("Closes on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, community, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in TopicKind.choices if c[0] in kinds]
        self.fields["category"].queryset = Category.objects.filter(community=community)
        self.fields["group"].queryset = Group.objects.filter(community=community)

    def clean_tags(self) -> list[str]:
        return [t for t in (s.strip() for s in self.cleaned_data["tags"].split(",")) if t]

    def poll_spec(self) -> PollSpec | None:
        data = self.cleaned_data
        choices = data["poll_choices"].splitlines()
        if not data["poll_question"].strip() and not any(c.strip() for c in choices):
            return None
        closes_at = data["poll_closes_at"]
        if closes_at is not None and timezone.is_naive(closes_at):
            closes_at = timezone.make_aware(closes_at)
        return PollSpec(
            question=data["poll_question"],
            choices=choices,
            multiple=data["poll_multiple"],
            closes_at=closes_at,
        )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_BODY_CHARS,
        help_text=BODY_HELP,
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    side = forms.ChoiceField(
        label=_("Your side"),
        choices=[
            (Side.FOR, Side.FOR.label),
            (Side.AGAINST, Side.AGAINST.label),
            (Side.NEUTRAL, Side.NEUTRAL.label),
        ],
        initial=Side.NEUTRAL,
        widget=forms.RadioSelect,
        required=False,
    )


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_BODY_CHARS,
        help_text=BODY_HELP,
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(choices=IdeaStatus.choices, required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("Description"), max_length=240, required=False)
