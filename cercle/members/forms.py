from django import forms
from django.utils.translation import gettext_lazy as _

from cercle.lib.uploads import validate_image
from cercle.members.models import Profile

TAGS_HELP = _("Separated by commas, e.g. public procurement, HR, digital transition.")


class ProfileForm(forms.ModelForm):
    skills_text = forms.CharField(
        label=_("Skills"), required=False, max_length=600, help_text=TAGS_HELP
    )
    interests_text = forms.CharField(
        label=_("Interests"), required=False, max_length=600, help_text=TAGS_HELP
    )

    class Meta:
        model = Profile
        fields = [
            "photo",
            "organisation",
            "job_title",
            "region",
            "city",
            "bio",
            "can_help_with",
            "looking_for",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "can_help_with": forms.Textarea(attrs={"rows": 2}),
            "looking_for": forms.Textarea(attrs={"rows": 2}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["skills_text"].initial = ", ".join(
                t.name for t in self.instance.skills.all()
            )
            self.fields["interests_text"].initial = ", ".join(
                t.name for t in self.instance.interests.all()
            )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload
            validate_image(photo)
        return photo

    @staticmethod
    def split_tags(raw: str) -> list[str]:
        names = [part.strip() for part in raw.split(",") if part.strip()]
        if len(names) > 15:
            raise forms.ValidationError(_("At most 15, to keep them meaningful."))
        return names

    def clean_skills_text(self):
        return self.split_tags(self.cleaned_data["skills_text"])

    def clean_interests_text(self):
        return self.split_tags(self.cleaned_data["interests_text"])


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=60)
    interest = forms.CharField(label=_("Interest"), required=False, max_length=60)
    region = forms.CharField(label=_("Region"), required=False, max_length=80)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=120)
