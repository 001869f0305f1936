"""Pagination of officers' lists whose total is already known."""

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator[Any]):
    """A paginator told its count (from counts the page shows anyway),
    instead of counting the rows again."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count
