"""Public pages of the open data: the catalogue, each dataset's data
dictionary, the downloads (CSV and JSON, streamed) and the DCAT-AP_IT
catalogue in JSON-LD. The pages are cached like every public page; the
downloads are streamed (not kept in the page cache) and tell browsers and
proxies they may keep them as long."""

from collections.abc import Iterator

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from conciliare.core.cache import public_page
from conciliare.opendata.dataset import Dataset, RowContext
from conciliare.opendata.dcat import (
    CATALOGUE_DESCRIPTION,
    CATALOGUE_TITLE,
    LICENCE_NAME,
    LICENCE_URL,
    catalogue_jsonld,
)
from conciliare.opendata.formats import csv_lines, json_chunks
from conciliare.opendata.registry import DATASETS, dataset_get


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _licence() -> dict[str, str]:
    return {"name": LICENCE_NAME, "url": LICENCE_URL}


@require_http_methods(["GET", "HEAD"])
@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    entries = [(dataset, dataset.modified()) for dataset in DATASETS]
    return render(
        request,
        "opendata/catalogue.html",
        {
            "entries": entries,
            "title": CATALOGUE_TITLE,
            "description": CATALOGUE_DESCRIPTION,
            "licence": _licence(),
        },
    )


@require_http_methods(["GET", "HEAD"])
@public_page
def dictionary(request: HttpRequest, dataset: str) -> HttpResponse:
    found = dataset_get(dataset)
    return render(
        request,
        "opendata/dictionary.html",
        {"dataset": found, "modified": found.modified(), "licence": _licence()},
    )


def _download(
    request: HttpRequest,
    dataset: Dataset,
    chunks: Iterator[str],
    *,
    media: str,
    ext: str,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in chunks), content_type=f"{media}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}.{ext}"'
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


@require_http_methods(["GET", "HEAD"])
def download_csv(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    found = dataset_get(dataset)
    rows = found.rows(RowContext(base_url=_base_url(request)))
    return _download(
        request, found, csv_lines(found, rows), media="text/csv", ext="csv"
    )


@require_http_methods(["GET", "HEAD"])
def download_json(request: HttpRequest, dataset: str) -> StreamingHttpResponse:
    found = dataset_get(dataset)
    rows = found.rows(RowContext(base_url=_base_url(request)))
    return _download(
        request, found, json_chunks(found, rows), media="application/json", ext="json"
    )


@require_http_methods(["GET", "HEAD"])
@public_page
def catalogue_dcat(request: HttpRequest) -> HttpResponse:
    document = catalogue_jsonld(base_url=_base_url(request), today=timezone.localdate())
    return JsonResponse(
        document,
        content_type="application/ld+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
