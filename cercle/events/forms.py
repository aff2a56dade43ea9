"""Forms of the event pages. They only read what was typed: the actions check it (an end
before the start, an unknown time zone, a rule that gives no date...) and their refusals are
shown above the form, which keeps everything that was typed."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cercle.communities.models import Group
from cercle.events.actions import MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS
from cercle.events.recurrence import MAX_RULE_CHARS, Repeat

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.Field):
    """A wall-clock date and time, without a zone: the event's time zone gives it one (Django's
    own field would read it in the site's zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)
    default_error_messages = {
        "invalid": _("Enter a date and a time, such as 2026-05-05 18:30."),
    }

    def to_python(self, value) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return parsed.replace(tzinfo=None, second=0, microsecond=0)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_CHARS)
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_("The zone of these times, such as Europe/Paris or America/Montreal."),
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("Where to meet, for an event in person."),
    )
    video_url = forms.CharField(
        label=_("Video link"),
        max_length=500,
        required=False,
        help_text=_("Shown only to members who are registered."),
        widget=forms.URLInput,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        help_text=_("Empty for no limit. Once it is full, members join a waiting list."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_DESCRIPTION_CHARS,
        required=False,
        help_text=_("Markdown: **bold**, *italic*, [link](https://…), - list."),
    )

    def __init__(self, *args, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "start": data["start"],
            "end": data["end"],
            "time_zone": data["time_zone"],
            "address": data["address"],
            "video_url": data["video_url"],
            "capacity": data["capacity"],
            "description": data["description"],
        }


class RepeatMixin(forms.Form):
    repeat = forms.ChoiceField(label=_("Repeats"), choices=Repeat.choices, required=False)
    repeat_rule = forms.CharField(
        label=_("Repetition rule"),
        max_length=MAX_RULE_CHARS,
        required=False,
        help_text=_(
            "Only for “another rule”: an RRULE as in calendar applications, such as "
            "FREQ=MONTHLY;BYDAY=1TU (the first Tuesday of each month)."
        ),
    )
    repeat_until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last possible date; empty to repeat with no end."),
    )


class NewEventForm(RepeatMixin, EventForm):
    field_order = [
        "title",
        "group",
        "start",
        "end",
        "time_zone",
        "repeat",
        "repeat_rule",
        "repeat_until",
        "address",
        "video_url",
        "capacity",
        "description",
    ]


class SeriesForm(RepeatMixin, EventForm):
    field_order = NewEventForm.field_order

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["repeat"].choices = [c for c in Repeat.choices if c[0]]
        self.fields["repeat"].required = True
        self.fields["start"].label = _("Starts (from this date on)")
        self.fields["end"].label = _("Ends (on that first date)")


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label=_("My time zone"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
