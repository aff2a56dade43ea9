from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.onboarding.actions import MAX_WELCOME_CHARS


class WelcomeForm(forms.Form):
    text = forms.CharField(
        label=_("Welcome message"),
        required=False,
        max_length=MAX_WELCOME_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Markdown. Shown to each newcomer on their first visit and on their first-steps "
            "page, and sent by email with an approved request to join."
        ),
    )
