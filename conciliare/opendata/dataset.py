"""What an open dataset is: its columns (the data dictionary), how its rows
are read and when it last changed. Each dataset is one module of
``conciliare.opendata.datasets`` defining a ``Dataset``; the registry lists
them, and the pages, the downloads, the DCAT-AP_IT catalogue and the API are
built from that description alone."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

#: A row: column name -> value (str, Decimal, date, int or None).
Row = dict[str, Any]

#: The EU vocabularies the catalogue refers to.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"


class ColumnKind(StrEnum):
    """How a value is written: text, an amount in euro with two decimals
    (a dot as decimal separator), an ISO date (YYYY-MM-DD), an integer or a
    number with up to two decimals (a dot as decimal separator)."""

    TEXT = "text"
    AMOUNT = "amount"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"

    @property
    def label(self) -> "StrPromise":
        return {
            ColumnKind.TEXT: _("testo"),
            ColumnKind.AMOUNT: _("importo in euro (due decimali, punto decimale)"),
            ColumnKind.DATE: _("data (AAAA-MM-GG)"),
            ColumnKind.INTEGER: _("numero intero"),
            ColumnKind.DECIMAL: _("numero (fino a due decimali, punto decimale)"),
        }[self]


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its name in the files, its kind, what it
    holds and the OpenCoesione variable it corresponds to ("" for none)."""

    name: str
    kind: ColumnKind
    description: "StrPromise"
    opencoesione: str = ""


@dataclass(frozen=True)
class RowContext:
    """What rows need from the request: the site's address for the links."""

    base_url: str

    def absolute(self, path: str) -> str:
        return f"{self.base_url}{path}" if path else ""


@dataclass(frozen=True)
class Dataset:
    """An open dataset. ``rows`` streams its rows with a constant number of
    queries; ``modified`` says when its data last changed (None when it
    has none)."""

    slug: str
    title: "StrPromise"
    description: "StrPromise"
    columns: tuple[Column, ...]
    rows: Callable[[RowContext], Iterator[Row]]
    modified: Callable[[], date | None]
    #: EU data themes (data-theme authority codes).
    themes: tuple[str, ...] = ("SOCI",)
    #: EU frequency authority code.
    accrual_periodicity: str = "CONT"
    keywords: tuple["StrPromise", ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def filename(self) -> str:
        return f"conciliare-{self.slug}"


def in_italian(rows: Iterator[Row]) -> Iterator[Row]:
    """``rows`` made in Italian whatever the page's language: the files hold
    one language (the labels of statuses, roles, typologies)."""
    while True:
        with override("it"):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row
