"""Public REST API of the open data: the catalogue, with each dataset's
columns and download addresses."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from conciliare.opendata.dataset import Dataset
from conciliare.opendata.dcat import (
    CATALOGUE_DESCRIPTION,
    CATALOGUE_TITLE,
    FORMATS,
    LICENCE_NAME,
    LICENCE_URL,
    PUBLISHER_NAME,
    dictionary_path,
    download_path,
)
from conciliare.opendata.registry import DATASETS

router = Router(tags=["opendata"])


class ColumnOut(Schema):
    name: str
    type: str
    description: str
    opencoesione: str


class DistributionOut(Schema):
    format: str
    media_type: str
    url: str


class DatasetOut(Schema):
    identifier: str
    title: str
    description: str
    modified: date | None
    licence: str
    dictionary_url: str
    distributions: list[DistributionOut]
    columns: list[ColumnOut]


class CatalogueOut(Schema):
    title: str
    description: str
    publisher: str
    licence: str
    licence_url: str
    datasets: list[DatasetOut]


def _dataset(request: HttpRequest, dataset: Dataset) -> DatasetOut:
    return DatasetOut(
        identifier=dataset.slug,
        title=str(dataset.title),
        description=str(dataset.description),
        modified=dataset.modified(),
        licence=LICENCE_URL,
        dictionary_url=request.build_absolute_uri(dictionary_path(dataset)),
        distributions=[
            DistributionOut(
                format=fmt.file_type,
                media_type=fmt.media_type,
                url=request.build_absolute_uri(download_path(dataset, fmt.extension)),
            )
            for fmt in FORMATS
        ],
        columns=[
            ColumnOut(
                name=column.name,
                type=column.kind.value,
                description=str(column.description),
                opencoesione=column.opencoesione,
            )
            for column in dataset.columns
        ],
    )


@router.get("/", response=CatalogueOut)
def catalogue(request: HttpRequest) -> CatalogueOut:
    """The open datasets with their data dictionary and downloads."""
    return CatalogueOut(
        title=str(CATALOGUE_TITLE),
        description=str(CATALOGUE_DESCRIPTION),
        publisher=PUBLISHER_NAME,
        licence=LICENCE_NAME,
        licence_url=LICENCE_URL,
        datasets=[_dataset(request, dataset) for dataset in DATASETS],
    )
