from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra fields allauth adds to its sign-up form."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As your peers know you: first name and last name."),
    )
    # A field humans never see: bots fill every field they find.
    website = forms.CharField(required=False, label="", widget=forms.HiddenInput)
    field_order = ["name", "email", "password1", "password2"]

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Sign-up refused."))
        return ""

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.save(update_fields=["name", "language"])


class PreferencesForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Follow my browser")), ("fr", "Français"), ("en", "English")],
        required=False,
    )
