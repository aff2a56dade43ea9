from datetime import datetime, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cercle.accounts.models import User
from cercle.communities.models import Community, Group, Membership, MembershipState
from cercle.discussions.models import Topic
from cercle.events.models import Event, EventStatus
from cercle.lib.errors import Refused

from .actions.newsletters import Content
from .models import DEFAULT_RHYTHM, Newsletter, Rhythm

SECTION_SLOTS = 3  # empty sections offered below the written ones
TOPIC_CHOICES = 40
EVENT_CHOICES = 30
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class MailPreferencesForm(forms.Form):
    """One row per community of the member: the digest's rhythm, and newsletters yes/no."""

    def __init__(self, *args, rows, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for membership, chosen in rows:
            community = membership.community
            digest = forms.ChoiceField(
                label=_lazy("Digest"),
                choices=Rhythm.choices,
                initial=chosen.digest if chosen else DEFAULT_RHYTHM,
                widget=forms.Select(
                    attrs={"aria-label": _("Digest of %(name)s") % {"name": community.name}}
                ),
            )
            newsletter = forms.BooleanField(
                label=_lazy("Newsletters"),
                required=False,
                initial=chosen.newsletter if chosen else True,
            )
            self.fields[f"digest_{community.pk}"] = digest
            self.fields[f"newsletter_{community.pk}"] = newsletter
            self.rows.append(community)

    def table(self):
        return [
            (community, self[f"digest_{community.pk}"], self[f"newsletter_{community.pk}"])
            for community in self.rows
        ]

    def choices(self) -> dict[int, tuple[str, bool]]:
        return {
            community.pk: (
                self.cleaned_data[f"digest_{community.pk}"],
                self.cleaned_data[f"newsletter_{community.pk}"],
            )
            for community in self.rows
        }


class _TopicChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class _EventChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        local = timezone.localtime(obj.starts_at)
        return f"{obj.title} · {local:%d/%m/%Y %H:%M}"


class NewsletterForm(forms.Form):
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    intro = forms.CharField(
        label=_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_lazy("Markdown."),
    )
    group = forms.ModelChoiceField(
        label=_lazy("Send to"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_lazy("All members"),
    )
    spotlight = forms.CharField(
        label=_lazy("Contributor in the spotlight"),
        required=False,
        help_text=_lazy("The email address or the full name of one member (optional)."),
    )
    spotlight_text = forms.CharField(
        label=_lazy("Why them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("Markdown."),
    )

    def __init__(self, *args, community: Community, newsletter: Newsletter | None = None, **kw):
        self.community = community
        self.newsletter = newsletter
        initial = kw.pop("initial", None) or {}
        sections = list(newsletter.sections.all()) if newsletter else []
        if newsletter is not None:
            initial.update(
                title=newsletter.title,
                intro=newsletter.intro,
                group=newsletter.group_id,
                spotlight=newsletter.spotlight.email if newsletter.spotlight else "",
                spotlight_text=newsletter.spotlight_text,
                topics=[t.pk for t in newsletter.featured_topics.all()],
                events=[e.pk for e in newsletter.featured_events.all()],
            )
            for i, section in enumerate(sections):
                initial[f"heading_{i}"] = section.heading
                initial[f"body_{i}"] = section.body
        super().__init__(*args, initial=initial, **kw)
        self.fields["group"].queryset = Group.objects.filter(community=community).order_by(
            "kind", "name"
        )
        self.section_count = len(sections) + SECTION_SLOTS
        for i in range(self.section_count):
            self.fields[f"heading_{i}"] = forms.CharField(
                label=_lazy("Section heading"), max_length=200, required=False
            )
            self.fields[f"body_{i}"] = forms.CharField(
                label=_lazy("Section text"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_lazy("Markdown."),
            )
        now = timezone.now()
        kept = initial.get("topics", [])
        topic_ids = list(
            Topic.objects.filter(community=community, deleted_at__isnull=True)
            .order_by("-last_post_at", "-pk")
            .values_list("pk", flat=True)[:TOPIC_CHOICES]
        )
        self.fields["topics"] = _TopicChoice(
            label=_lazy("Featured topics"),
            required=False,
            queryset=Topic.objects.filter(pk__in=[*topic_ids, *kept]).order_by(
                "-last_post_at", "-pk"
            ),
            widget=forms.CheckboxSelectMultiple,
        )
        kept_events = initial.get("events", [])
        event_ids = list(
            Event.objects.filter(community=community, status=EventStatus.SCHEDULED, ends_at__gt=now)
            .order_by("starts_at", "pk")
            .values_list("pk", flat=True)[:EVENT_CHOICES]
        )
        self.fields["events"] = _EventChoice(
            label=_lazy("Featured events"),
            required=False,
            queryset=Event.objects.filter(pk__in=[*event_ids, *kept_events]).order_by(
                "starts_at", "pk"
            ),
            widget=forms.CheckboxSelectMultiple,
        )

    def sections(self):
        return [(self[f"heading_{i}"], self[f"body_{i}"]) for i in range(self.section_count)]

    def clean_spotlight(self) -> User | None:
        value = " ".join(self.cleaned_data["spotlight"].split())
        if not value:
            return None
        members = Membership.objects.filter(
            community=self.community, state=MembershipState.ACTIVE
        ).select_related("user")
        if "@" in value:
            found = list(members.filter(user__email__iexact=value)[:2])
        else:
            found = list(members.filter(Q(user__name__iexact=value))[:2])
        if not found:
            raise forms.ValidationError(_("No member of the community has this name or address."))
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several members have this name: give their email address instead.")
            )
        return found[0].user

    def content(self) -> Content:
        data = self.cleaned_data
        return Content(
            title=data["title"],
            intro=data["intro"],
            sections=[(data[f"heading_{i}"], data[f"body_{i}"]) for i in range(self.section_count)],
            topics=list(data["topics"]),
            events=list(data["events"]),
            spotlight=data["spotlight"],
            spotlight_text=data["spotlight_text"],
            group=data["group"],
        )


class SendForm(forms.Form):
    NOW, LATER = "now", "later"
    when = forms.ChoiceField(
        label=_lazy("When"),
        choices=[(NOW, _lazy("Now")), (LATER, _lazy("At a chosen date and time"))],
        widget=forms.RadioSelect,
        initial=NOW,
    )
    scheduled_at = forms.CharField(
        label=_lazy("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )

    def __init__(self, *args, zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["scheduled_at"].help_text = _("In your time zone: %(zone)s.") % {"zone": zone}

    def clean(self):
        data = super().clean()
        if data.get("when") != self.LATER:
            data["moment"] = None
            return data
        raw = (data.get("scheduled_at") or "").strip()
        if not raw:
            self.add_error("scheduled_at", _("Choose the date and time to send it."))
            return data
        try:
            local = datetime.strptime(raw, LOCAL_INPUT)  # noqa: DTZ007 - read in self.zone
        except ValueError:
            self.add_error("scheduled_at", _("Give a date and time, such as 2026-03-02 09:00."))
            return data
        from cercle.events import times

        try:
            data["moment"] = times.localise(local, times.zone(self.zone))
        except Refused as refusal:
            self.add_error("scheduled_at", refusal.message)
        return data

    @staticmethod
    def suggestion() -> str:
        """Tomorrow at 9:00, the date field's starting point."""
        tomorrow = timezone.localtime() + timedelta(days=1)
        return tomorrow.replace(hour=9, minute=0).strftime(LOCAL_INPUT)
