"""Forms of the library. They read what was typed; the actions check it (a javascript: link, a
file of a kind we do not serve, an edit based on an old version...) and their refusals are
shown above the form, which keeps everything that was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.resources.actions import (
    MAX_COMMENT_CHARS,
    MAX_DESCRIPTION_CHARS,
    MAX_PAGE_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
)
from cercle.resources.models import ResourceKind


def split_tags(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


class TagsField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("help_text", _("Separated by commas: “management, recruitment”."))
        super().__init__(**kwargs)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you share?"),
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        initial=ResourceKind.LINK,
    )
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    url = forms.CharField(
        label=_("Address of the page"),
        required=False,
        max_length=MAX_URL_CHARS,
        help_text=_("Copy it from your browser's address bar: it starts with https://"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("PDF, OpenDocument or Office document, picture, or plain text."),
    )
    description = forms.CharField(
        label=_("Why it is worth reading"),
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you took from it, for whom it is useful. Markdown."),
    )
    tags = TagsField()

    def clean(self):
        data = super().clean()
        if data.get("kind") == ResourceKind.LINK:
            data["file"] = None
        elif data.get("kind") == ResourceKind.DOCUMENT:
            data["url"] = ""
            if not data.get("file") and "file" not in self.errors:
                self.add_error("file", _("Choose the document to share."))
        return data


class ResourceEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    url = forms.CharField(
        label=_("Address of the page"),
        required=False,
        max_length=MAX_URL_CHARS,
        widget=forms.URLInput(),
    )
    description = forms.CharField(
        label=_("Why it is worth reading"),
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    tags = TagsField()

    def __init__(self, *args, is_link: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not is_link:
            del self.fields["url"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you think of it, what you would add. Markdown."),
    )


class WikiPageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_PAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown: # for a heading, * for a list, [text](https://...) for a link."),
    )
    summary = forms.CharField(
        label=_("What did you change?"),
        required=False,
        max_length=200,
        help_text=_("In a few words, for the history."),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
