"""Writes of documents: upload a new one, change its metadata.

A document's file never changes: a new version of a file is a new document
(with its own validity dates), so what was published stays verifiable by its
SHA-256 fingerprint.
"""

import hashlib
from datetime import date
from pathlib import PurePath
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import Document
from conciliare.documents.validators import validate_upload
from conciliare.territory.models import ATS, ProgrammingPeriod


class DocumentMetadata(TypedDict, total=False):
    """What people type about a document (everything but the file itself)."""

    title: str
    kind: str
    act_number: str
    act_date: date | None
    valid_from: date
    valid_until: date | None
    is_public: bool
    ats: ATS | None
    period: ProgrammingPeriod | None


METADATA_FIELDS: tuple[str, ...] = tuple(DocumentMetadata.__annotations__)
#: What the audit log records about a document.
AUDITED_FIELDS: tuple[str, ...] = (
    *METADATA_FIELDS,
    "original_filename",
    "content_type",
    "size",
    "sha256",
)
_FILENAME_MAX_LENGTH = 255


@transaction.atomic
def document_create(
    *, actor: User, data: DocumentMetadata, file: "File[bytes]"
) -> Document:
    """Store ``file`` with its metadata; type, size and fingerprint come from
    the content. Raises PermissionDenied or ValidationError (nothing saved)."""
    ensure_perm(actor, "documents.add_document")
    document = _document_build(actor=actor, data=data, file=file)
    ensure_perm(actor, "documents.add_document", document)
    _document_save(actor=actor, document=document)
    return document


@transaction.atomic
def document_store(
    *, actor: User, data: DocumentMetadata, file: "File[bytes]", note: str = ""
) -> Document:
    """Store ``file`` as ``document_create`` does, without its permission
    check: for the services of other apps that check their own permission
    before storing a document of theirs (a membership's signed form, a
    network's Regolamento). ``note`` tells the audit log where it came from.

    Never call it from a view. Raises ValidationError (nothing saved).
    """
    document = _document_build(actor=actor, data=data, file=file)
    _document_save(actor=actor, document=document, note=note)
    return document


@transaction.atomic
def document_update(
    *, actor: User, document: Document, data: DocumentMetadata
) -> Document:
    """Change the metadata of ``document`` (never its file).

    Raises PermissionDenied (also when an ATS officer would move the document
    to another ATS or make it regional) or ValidationError (nothing saved).
    """
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("ats", "period")
        .get(pk=document.pk)
    )
    ensure_perm(actor, "documents.change_document", document)
    before = _snapshot(document)
    was_public = document.is_public

    for field, value in data.items():
        if field not in METADATA_FIELDS:
            raise TypeError(f"document_update() cannot change {field!r}")
        setattr(document, field, value)
    ensure_perm(actor, "documents.change_document", document)
    document.full_clean()

    changes = changes_between(before, _snapshot(document))
    if not changes:
        return document
    document.save(update_fields=[*data.keys(), "updated_at"])
    event_record(actor=actor, verb="document.update", target=document, changes=changes)
    if was_public or document.is_public:
        transaction.on_commit(public_cache_invalidate)
    return document


def _document_build(
    *, actor: User, data: DocumentMetadata, file: "File[bytes]"
) -> Document:
    """The unsaved document of ``file``, once its content passed the checks."""
    try:
        file_type = validate_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc

    document = Document(
        **data,
        original_filename=_original_filename(file),
        content_type=file_type.mime_type,
        size=file.size,
        sha256=_sha256(file),
        uploaded_by=actor,
    )
    document.file = file
    return document


def _document_save(*, actor: User, document: Document, note: str = "") -> None:
    document.full_clean()
    document.save()
    event_record(
        actor=actor,
        verb="document.create",
        target=document,
        changes=changes_between({}, _snapshot(document)),
        note=note,
    )
    if document.is_public:
        transaction.on_commit(public_cache_invalidate)


def _snapshot(document: Document) -> dict[str, Any]:
    """Audited values, foreign keys by their name (what people recognise)."""
    values: dict[str, Any] = {}
    for field in AUDITED_FIELDS:
        value = getattr(document, field)
        values[field] = (
            str(value) if isinstance(value, ATS | ProgrammingPeriod) else value
        )
    return values


def _original_filename(file: "File[bytes]") -> str:
    """The name as uploaded, without any path or control characters (it goes
    into a Content-Disposition header), shortened keeping the extensions."""
    name = "".join(c for c in file.name or "" if c.isprintable())
    name = PurePath(name.replace("\\", "/")).name.strip() or "documento"
    if len(name) <= _FILENAME_MAX_LENGTH:
        return name
    suffix = "".join(PurePath(name).suffixes)[-40:]
    return name[: _FILENAME_MAX_LENGTH - len(suffix)] + suffix


def _sha256(file: "File[bytes]") -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
