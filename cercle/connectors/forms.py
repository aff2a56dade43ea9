from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .readers import ArchiveError
from .registry import READERS
from .uploads import check_upload


class ClaimStartForm(forms.Form):
    email = forms.EmailField(
        label=_("The address you wrote from"),
        help_text=_("The address under which your messages appear in the archive."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ClaimPasswordForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("The same person as"),
        max_length=255,
        help_text=_("Another imported identity (its address or id), or a member's address."),
    )


@dataclass(frozen=True)
class ImportKind:
    value: str
    label: object
    help: object


# What the upload page offers, in this order; kinds the registry does not know yet are left out.
IMPORT_KINDS = [
    ImportKind(
        "mbox",
        _("Mailing list (mbox)"),
        _(
            "An .mbox file, or a list's monthly archives (Mailman/pipermail .txt or .txt.gz): "
            "one file, or several in a .zip or .tar.gz."
        ),
    ),
    ImportKind(
        "stackexchange",
        _("Stack Exchange data dump"),
        _(
            "The site's folder (Posts.xml, Users.xml, Comments.xml, Votes.xml…) in a .zip or "
            ".tar.gz, or its Posts.xml alone. Unpack .7z dumps first."
        ),
    ),
    ImportKind(
        "perceval",
        _("GrimoireLab perceval output (JSON lines)"),
        _(
            "What perceval wrote for a mailing list, a Discourse forum or a Stack Exchange site: "
            "a .jsonl (or .jsonl.gz) file, or several in a .zip."
        ),
    ),
    ImportKind(
        "csv",
        _("CSV file (one row per message)"),
        _("Any other tool: a spreadsheet or a script writes one row per message, in nine columns."),
    ),
]


def import_kinds() -> list[ImportKind]:
    return [kind for kind in IMPORT_KINDS if kind.value in READERS]


class ImportUploadForm(forms.Form):
    """An archive to import. The file is checked from its bytes (cercle.connectors.uploads)."""

    kind = forms.ChoiceField(label=_("What the file is"), widget=forms.RadioSelect)
    file = forms.FileField(label=_("The file"))
    archive = forms.BooleanField(
        label=_("Keep the community as a read-only archive"),
        required=False,
        help_text=_(
            "Its history can be read, searched and measured, and nobody can post in it. "
            "Leave it unticked to carry the discussions on here."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = import_kinds()
        self.fields["kind"].choices = [(k.value, k.label) for k in self.kinds]
        self.checked = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "This file weighs %(size)s; the largest file Cercle accepts weighs "
                    "%(limit)s. Split the archive, or ask the site's administrator to import it "
                    "with `cercle import`."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is not None and kind:
            try:
                self.checked = check_upload(upload, kind)
            except ArchiveError as error:
                self.add_error("file", str(error))
        return data
