from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.notifications.models import CHOOSABLE
from cercle.notifications.selectors import Choice

CHANNELS = (("in_app", _("in Cercle")), ("email", _("by email")))


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notification: in Cercle (the bell), by email."""

    def __init__(self, *args, current: dict[str, Choice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in CHOOSABLE:
            for channel, channel_label in CHANNELS:
                self.fields[f"{kind.value}-{channel}"] = forms.BooleanField(
                    label=f"{kind.label}: {channel_label}",
                    required=False,
                    initial=current[kind.value].wants(channel),
                )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (kind.label, self[f"{kind.value}-in_app"], self[f"{kind.value}-email"])
            for kind in CHOOSABLE
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"{kind.value}-in_app"], data[f"{kind.value}-email"])
            for kind in CHOOSABLE
        }
