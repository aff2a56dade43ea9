"""The ritual form. It reads what was typed; the actions check it (a rule that gives no date,
an unknown placeholder, a title too long...) and their refusals are shown above the form."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercle.discussions.models import Category, TopicKind
from cercle.rituals.actions import KINDS, RitualSpec
from cercle.rituals.models import Frequency, Ordinal, Weekday
from cercle.rituals.schedule import MAX_DAY, PLACEHOLDERS

PLACEHOLDER_HELP = _(
    "You can write these placeholders, replaced by the topic's date: %(names)s. For example: "
    "“Introduce yourself — week of {date}”."
)


def _day_choices():
    return [(n, str(n)) for n in range(1, MAX_DAY + 1)] + [(-1, _("the last day"))]


class RitualForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For the animators: “Weekly introductions”, “Quarterly retrospective”..."),
    )
    topic_kind = forms.ChoiceField(label=_("It opens"), choices=())
    category = forms.ModelChoiceField(
        label=_("In the category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No category"),
    )
    title_template = forms.CharField(label=_("Title of each topic"), max_length=200)
    body_template = forms.CharField(
        label=_("Message that opens each topic"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50_000,
        help_text=_("Markdown."),
    )
    for_introductions = forms.BooleanField(
        label=_("These are the introduction threads: invite newcomers to the latest one"),
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices, coerce=int, initial=Weekday.MONDAY
    )
    ordinal = forms.TypedChoiceField(
        label=_("Which one in the month"), choices=Ordinal.choices, coerce=int, initial=1
    )
    day_of_month = forms.TypedChoiceField(
        label=_("Day of the month"), choices=_day_choices, coerce=int, initial=1
    )
    custom_rule = forms.CharField(
        label=_("Repetition rule (RRULE)"),
        required=False,
        max_length=300,
        help_text=_("For example FREQ=MONTHLY;BYDAY=2WE for the second Wednesday of each month."),
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The first date it may fall on; for a one-off, its date."),
    )
    time_of_day = forms.TimeField(
        label=_("At"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64)

    def __init__(self, *args, community, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(community=community)
        self.fields["topic_kind"].choices = [(k, TopicKind(k).label) for k in KINDS]
        self.fields["title_template"].help_text = PLACEHOLDER_HELP % {
            "names": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        }
        if not self.is_bound and not self.initial.get("starts_on"):
            self.initial.setdefault("starts_on", timezone.localdate())
            self.initial.setdefault("time_of_day", "09:00")
            self.initial.setdefault("time_zone", settings.TIME_ZONE)
            self.initial.setdefault("frequency", Frequency.WEEKLY)
            self.initial.setdefault("topic_kind", TopicKind.DISCUSSION)

    def spec(self) -> RitualSpec:
        data = self.cleaned_data
        return RitualSpec(
            name=data["name"],
            title_template=data["title_template"],
            body_template=data["body_template"],
            topic_kind=data["topic_kind"],
            category=data["category"],
            for_introductions=data["for_introductions"],
            frequency=data["frequency"],
            weekday=data["weekday"],
            ordinal=data["ordinal"],
            day_of_month=data["day_of_month"],
            custom_rule=data["custom_rule"],
            starts_on=data["starts_on"],
            time_of_day=data["time_of_day"],
            time_zone=data["time_zone"],
        )


def initial_of(ritual) -> dict:
    return {
        "name": ritual.name,
        "topic_kind": ritual.topic_kind,
        "category": ritual.category_id,
        "title_template": ritual.title_template,
        "body_template": ritual.body_template,
        "for_introductions": ritual.for_introductions,
        "frequency": ritual.frequency,
        "weekday": ritual.weekday,
        "ordinal": ritual.ordinal,
        "day_of_month": ritual.day_of_month,
        "custom_rule": ritual.custom_rule,
        "starts_on": ritual.starts_on,
        "time_of_day": ritual.time_of_day,
        "time_zone": ritual.time_zone,
    }
