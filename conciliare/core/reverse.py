"""Fast ``reverse()`` for the object URLs a list renders once per row."""

from functools import cache

from django.urls import reverse
from django.utils.translation import get_language

_SENTINEL = 987654321


@cache
def _pattern(viewname: str, language: str | None) -> tuple[str, str]:
    url = reverse(viewname, kwargs={"pk": _SENTINEL})
    head, _, tail = url.partition(str(_SENTINEL))
    return head, tail


def reverse_pk(viewname: str, pk: int) -> str:
    """``reverse(viewname, kwargs={"pk": pk})``, resolved once per language."""
    head, tail = _pattern(viewname, get_language())
    return f"{head}{int(pk)}{tail}"
