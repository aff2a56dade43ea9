"""The members' data an animator may export, as a community's charter declares it.

An export always holds what the animators already see on the members page (name, role, date
joined). Every other field must be listed in the charter the member accepted: publishing a
charter that adds one asks every member to accept it first.
"""

from django.utils.translation import gettext_lazy as _

ALWAYS_EXPORTED = {
    "name": _("name"),
    "role": _("role"),
    "joined_at": _("date joined"),
}

EXPORTABLE_FIELDS = {
    "email": _("email address"),
    "organisation": _("organisation"),
    "job_title": _("job title"),
    "region": _("region"),
    "city": _("city"),
    "bio": _("about me"),
    "skills": _("skills"),
    "interests": _("interests"),
    "can_help_with": _("I can help with"),
    "looking_for": _("I am looking for"),
    "groups": _("groups"),
}

EXPORTABLE_CHOICES = list(EXPORTABLE_FIELDS.items())


def field_labels(keys: list[str]) -> list[str]:
    return [str(EXPORTABLE_FIELDS[k]) for k in keys if k in EXPORTABLE_FIELDS]
