"""Text search shared by the public selectors: PostgreSQL full-text search
(Italian configuration, ranked, word prefixes) where the database offers it,
a plain case-insensitive match of every word elsewhere (SQLite)."""

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Model, Q, QuerySet

_M = TypeVar("_M", bound=Model)

#: Words beyond this are ignored: a search box is not a document.
MAX_TERMS = 8
#: PostgreSQL weights, most important field first.
_WEIGHTS = ("A", "B", "C", "D")


def search_terms(q: str) -> list[str]:
    """The words of ``q`` (letters and digits only, so safe in a tsquery)."""
    return [term.lower() for term in re.findall(r"[^\W_]+", q)][:MAX_TERMS]


def text_search(
    queryset: QuerySet[_M], *, q: str, fields: Sequence[str]
) -> QuerySet[_M]:
    """``queryset`` narrowed to the rows matching every word of ``q``.

    ``fields`` are searched, most important first. On PostgreSQL the rows are
    ranked (``rank`` annotation, best first) and each word also matches as a
    prefix ("agri" finds "AGRIWEL"); elsewhere they keep ``queryset``'s order.
    """
    terms = search_terms(q)
    if not terms:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        vector: Any = SearchVector(fields[0], weight=_WEIGHTS[0], config="italian")
        for index, field in enumerate(fields[1:], start=1):
            weight = _WEIGHTS[min(index, len(_WEIGHTS) - 1)]
            vector += SearchVector(field, weight=weight, config="italian")
        query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms),
            search_type="raw",
            config="italian",
        )
        ranked: QuerySet[_M] = (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "pk")
        )
        return ranked
    condition = Q()
    for term in terms:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": term})
        condition &= any_field
    return queryset.filter(condition)
