from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def display_name(user) -> str:
    """A post's author as shown to readers: their name, or "former member" once the account
    is gone."""
    if user is None:
        return _("former member")
    return user.name or _("member")
