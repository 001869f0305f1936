"""The published datasets, in the order the catalogue lists them. Adding a
dataset: write its module in ``datasets/`` and name it here."""

from django.http import Http404

from conciliare.opendata.dataset import Dataset
from conciliare.opendata.datasets import (
    assegnazioni,
    contributi,
    indicatori,
    pagamenti,
    progetti,
    soggetti,
)

DATASETS: tuple[Dataset, ...] = (
    progetti.DATASET,
    soggetti.DATASET,
    pagamenti.DATASET,
    indicatori.DATASET,
    assegnazioni.DATASET,
    contributi.DATASET,
)

_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def dataset_get(slug: str) -> Dataset:
    """The dataset called ``slug`` (404 when there is none)."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
