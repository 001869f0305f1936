"""REST API of documents: the public list and one document, through selectors."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.selectors import document_get_for_user, document_list_public
from conciliare.territory.models import ATS, ProgrammingPeriod
from conciliare.territory.selectors import ats_get, period_get

router = Router(tags=["documents"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class DocumentOut(Schema):
    id: int
    title: str
    kind: DocumentKind
    kind_label: str
    act_number: str
    act_date: date | None
    valid_from: date
    valid_until: date | None
    is_public: bool
    ats: str | None
    period: str | None
    original_filename: str
    content_type: str
    format: str
    size: int
    sha256: str
    detail_url: str
    download_url: str

    @staticmethod
    def resolve_kind_label(obj: Document) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_ats(obj: Document) -> str | None:
        """The ATS slug; None for a regional document."""
        return obj.ats.slug if obj.ats else None

    @staticmethod
    def resolve_period(obj: Document) -> str | None:
        return obj.period.slug if obj.period else None

    @staticmethod
    def resolve_format(obj: Document) -> str:
        return obj.format_label

    @staticmethod
    def resolve_detail_url(obj: Document, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.get_absolute_url())

    @staticmethod
    def resolve_download_url(obj: Document, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.get_download_url())


@router.get("/documents", response=list[DocumentOut], summary="Documenti pubblici")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def document_list_api(
    request: HttpRequest,
    kind: DocumentKind | None = None,
    period: str | None = None,
    ats: str | None = None,
    include_expired: bool = False,
) -> QuerySet[Document]:
    """Public documents in force today (``include_expired`` adds expired ones);
    ``period`` and ``ats`` are slugs."""
    period_filter: ProgrammingPeriod | None = None
    ats_filter: ATS | None = None
    try:
        if period:
            period_filter = period_get(slug=period)
        if ats:
            ats_filter = ats_get(slug=ats)
    except Http404:
        raise HttpError(400, "Periodo o ATS sconosciuti.") from None
    return document_list_public(
        kind=kind,
        period=period_filter,
        ats=ats_filter,
        include_expired=include_expired,
    )


@router.get("/documents/{pk}", response=DocumentOut, summary="Un documento")
def document_detail_api(request: HttpRequest, pk: int) -> Document:
    """Any public document; a private one only to whom may see it (else 404)."""
    return document_get_for_user(user=request.user, pk=pk)
