from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cercle.communities.models import Group
from cercle.discussions.actions import MAX_BODY_CHARS, MAX_TITLE_CHARS, PollSpec
from cercle.discussions.models import Category, IdeaStatus, ReactionKind, Side, TopicKind

BODY_HELP = _("Markdown: **bold**, *italic*, [link](https://…), > quote, - list.")
# A hint for the file picker; what is accepted is decided from the files' content
# (cercle.lib.uploads.check_attachment).
ACCEPTED_FILES = (
    "image/png,image/jpeg,image/gif,image/webp,application/pdf,"
    ".odt,.ods,.odp,.odg,.docx,.xlsx,.pptx,.txt,.csv,.md"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once. The form only carries them: the actions check each one and
    say which they refused, while keeping the others."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        super().__init__(required=False, label=_("Attach files"), **kwargs)

    def clean(self, data, initial=None) -> list:
        files = data if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]


def attachments_help() -> str:
    return gettext(
        "Up to %(n)d files of %(size)s each: pictures, PDF, OpenDocument or Office documents, "
        "text or CSV."
    ) % {
        "n": settings.ATTACHMENTS_PER_POST,
        "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
    }


class ComposerForm(forms.Form):
    """A form that writes a post: files to attach, and files already waiting to take away."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = AttachmentsField(help_text=attachments_help())

    def removed_attachments(self) -> list[int]:
        """The ids of the waiting (or, when editing, attached) files the member unticked."""
        values = self.data.getlist("remove_attachment") if hasattr(self.data, "getlist") else []
        return [int(v) for v in values if v.isdigit()]


class TopicForm(ComposerForm):
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

    # What a draft of a new topic keeps, besides its title and text.
    DRAFT_FIELDS = (
        "kind",
        "category",
        "group",
        "framing",
        "tags",
        "poll_question",
        "poll_choices",
        "poll_multiple",
        "poll_closes_at",
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


class ReplyForm(ComposerForm):
    DRAFT_FIELDS = ("reply_to", "side")

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


class EditPostForm(ComposerForm):
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


def draft_data(data, fields: tuple[str, ...]) -> dict:
    """What a draft keeps of a composer's fields (`data`, the POST), as typed, valid or not."""
    return {name: data.get(name, "") for name in fields if name in data}


def draft_initial(draft) -> dict:
    """A composer's fields as a draft kept them."""
    if draft is None:
        return {}
    initial = {key: value for key, value in draft.data.items() if value not in ("", None)}
    initial["body"] = draft.body
    if draft.title:
        initial["title"] = draft.title
    return initial
