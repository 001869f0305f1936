from typing import Any

from django import template
from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """The current page's address in ``language`` (for the language switcher)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def page_links(page: Page[Any]) -> list[int | str]:
    """The page numbers to link around ``page``, with an ellipsis between."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
