"""What members tell each other about themselves: profiles with skills and interests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cercle.lib.uploads import upload_path


def tag_slug(name: str) -> str:
    """The key two spellings of one tag share: case, accents and punctuation set aside."""
    return slugify(unidecode_light(" ".join(name.split())))[:60]


def unidecode_light(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Tag(models.Model):
    """A skill or interest, shared by all profiles so that "Marchés publics" finds its peers.

    A plain table with a many-to-many per use, rather than generic tagging: the directory
    filters on it with one indexed join.
    """

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_names(cls, names: list[str]) -> list["Tag"]:
        tags = []
        for raw in names:
            name = " ".join(raw.split())[:60]
            slug = tag_slug(name)
            if not slug:
                continue
            tag, _created = cls.objects.get_or_create(slug=slug, defaults={"name": name})
            tags.append(tag)
        return tags


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    photo = models.ImageField(_("photo"), upload_to=upload_path("photos"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    job_title = models.CharField(_("role"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    skills = models.ManyToManyField(Tag, blank=True, related_name="+", verbose_name=_("skills"))
    interests = models.ManyToManyField(
        Tag, blank=True, related_name="+", verbose_name=_("interests")
    )
    can_help_with = models.TextField(_("I can help with"), blank=True, max_length=1000)
    looking_for = models.TextField(_("I am looking for"), blank=True, max_length=1000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["region"], name="profile_region"),
            models.Index(fields=["organisation"], name="profile_organisation"),
        ]

    def __str__(self) -> str:
        return f"profile of {self.user}"

    @property
    def completeness(self) -> int:
        """How much of the profile is filled, in percent (shown to encourage completing it)."""
        parts = [
            bool(self.photo),
            bool(self.organisation),
            bool(self.job_title),
            bool(self.region or self.city),
            bool(self.bio),
            bool(self.can_help_with),
            bool(self.looking_for),
        ]
        return round(100 * sum(parts) / len(parts))
