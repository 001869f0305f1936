"""The portal's search across alliances, projects and organisations.

Organisations are found only when they consented to the public directory of
a network they belong to (as ``registry.network_selectors.network_directory``
shows them): nobody else's name is searchable. PostgreSQL ranks with its
Italian full-text search, SQLite matches every word (``core.search``).
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

from conciliare.core.search import search_terms
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.public_selectors import alliance_search_public
from conciliare.projects.models import Project
from conciliare.projects.selectors import project_search_public
from conciliare.registry.models import Organisation
from conciliare.registry.network_selectors import organisation_search_public

#: Shortest query searched (fewer letters match almost everything).
MIN_QUERY_LENGTH = 3
#: Longest query kept.
MAX_QUERY_LENGTH = 100
#: Results shown per group; more means "refine the search".
GROUP_LIMIT = 20

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class ResultGroup(Generic[_M]):
    results: list[_M]
    has_more: bool


@dataclass(frozen=True)
class SearchResults:
    alliances: ResultGroup[Alliance]
    projects: ResultGroup[Project]
    organisations: ResultGroup[Organisation]

    @property
    def total(self) -> int:
        return (
            len(self.alliances.results)
            + len(self.projects.results)
            + len(self.organisations.results)
        )


def normalise_query(q: str) -> str:
    return " ".join(q.split())[:MAX_QUERY_LENGTH]


def is_searchable(q: str) -> bool:
    """Long enough, and made of at least one word."""
    return len(q) >= MIN_QUERY_LENGTH and bool(search_terms(q))


def _group(queryset: QuerySet[_M]) -> ResultGroup[_M]:
    rows = list(queryset[: GROUP_LIMIT + 1])
    return ResultGroup(results=rows[:GROUP_LIMIT], has_more=len(rows) > GROUP_LIMIT)


def search_public(*, q: str) -> SearchResults:
    """The first results of each group for ``q`` (a searchable query)."""
    return SearchResults(
        alliances=_group(alliance_search_public(q=q)),
        projects=_group(project_search_public(q=q)),
        organisations=_group(organisation_search_public(q=q)),
    )
