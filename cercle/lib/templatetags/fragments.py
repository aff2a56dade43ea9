"""`{% fragment "template.html" name=value ... %}`: an include whose result is memoised on the
values it is given (see cercle.lib.fragments for what the key takes and why nothing is ever
stale). The fragment sees only those values, never the page's other variables."""

import warnings
from dataclasses import dataclass

from django import template
from django.core.paginator import Page
from django.template.base import Node
from django.template.context import Context
from django.template.loader_tags import token_kwargs
from django.utils.safestring import mark_safe

from cercle.lib import fragments

register = template.Library()


class FragmentNode(Node):
    def __init__(self, name, values: dict) -> None:
        self.name = name
        self.values = values

    def render(self, context) -> str:
        name = self.name.resolve(context)
        known = context.render_context.setdefault(self, {})
        values = {key: _plain(value.resolve(context), known) for key, value in self.values.items()}
        try:
            key = (name, fragments.fingerprint(values, known=known))
        except fragments.Unkeyable as error:
            warnings.warn(f"{name} rendered without memo: {error}", RuntimeWarning, stacklevel=1)
            key = None
        memo = fragments.memo()
        html = memo.get(key) if key is not None else None
        if html is None:
            fragment = context.template.engine.get_template(name)
            html = fragment.render(
                Context(
                    {**values, "csrf_token": fragments.CSRF_PLACEHOLDER},
                    autoescape=context.autoescape,
                )
            )
            if key is not None:
                memo.put(key, html)
        if fragments.CSRF_PLACEHOLDER in html:
            html = html.replace(fragments.CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, autoescaped


@dataclass(frozen=True)
class PageNumber:
    """What a fragment may know of the page it is shown on: its number, not its other
    rows."""

    number: int


def _plain(value, known: dict):
    """A stand-in for a value whose whole is not the fragment's business (and would make its
    key costly)."""
    if not isinstance(value, Page):
        return value
    stand_in = PageNumber(value.number)
    # One stand-in per value and page rendering, keyed once (see fragments.fingerprint).
    return known.setdefault(("stand-in", stand_in), stand_in)


@register.tag
def fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a template name")
    values = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes only name=value arguments")
    return FragmentNode(parser.compile_filter(bits[1]), values)
