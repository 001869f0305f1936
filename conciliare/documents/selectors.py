"""Reads of documents: who sees what, and the public list."""

from datetime import date
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.documents.grants import documents_granted_to
from conciliare.documents.models import Document, DocumentQuerySet
from conciliare.territory.models import ATS, ProgrammingPeriod


def _documents() -> DocumentQuerySet:
    return Document.objects.select_related("ats", "period")


def document_visible_to(*, user: Any) -> DocumentQuerySet:
    """Every document ``user`` may open: agrees with ``documents.view_document``.

    ``user`` may be anonymous. Public documents are visible to everyone;
    private ones to regional officers, and to the officers and committee
    members of the document's ATS (private regional documents, with no ATS,
    only to regional officers), and those another app grants to ``user``
    (``grants.py``: a membership's signed form to its requester).
    """
    documents = _documents()
    if (user.is_active and user.is_superuser) or is_regional_officer(user):
        return documents
    ats_ids = ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    return documents.filter(
        Q(is_public=True) | Q(ats_id__in=ats_ids) | documents_granted_to(user)
    )


def document_get_for_user(*, user: Any, pk: int) -> Document:
    """The document, or 404 alike for missing and forbidden (ids leak nothing)."""
    return get_object_or_404(document_visible_to(user=user), pk=pk)


def document_list_public(
    *,
    user: Any = None,
    kind: str | None = None,
    period: ProgrammingPeriod | None = None,
    ats: ATS | None = None,
    include_expired: bool = False,
    on: date | None = None,
) -> QuerySet[Document]:
    """Public documents in force ``on`` (today by default), newest first.

    With a signed-in ``user``, the private documents that person may open
    (``document_visible_to``) are listed too, so staff find their ATS's
    reserved documents in the same list.

    ``include_expired`` adds the documents whose validity has ended (each
    annotated ``expired``); documents whose validity starts after ``on`` are
    never listed.
    """
    on = on or timezone.localdate()
    base = (
        document_visible_to(user=user)
        if user is not None and user.is_authenticated
        else _documents().filter(is_public=True)
    )
    documents = base.annotate(
        expired=ExpressionWrapper(
            Q(valid_until__isnull=False, valid_until__lt=on),
            output_field=BooleanField(),
        )
    )
    if include_expired:
        documents = documents.filter(valid_from__lte=on)
    else:
        documents = documents.in_force(on)
    if kind:
        documents = documents.filter(kind=kind)
    if period is not None:
        documents = documents.filter(period=period)
    if ats is not None:
        documents = documents.filter(ats=ats)
    return documents
