from django import template
from django.utils.safestring import mark_safe

from cercle.lib.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(source: str) -> str:
    return mark_safe(render_markdown(source))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def initials(name: str) -> str:
    parts = [p for p in (name or "?").split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"
