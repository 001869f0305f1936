"""Checks on an uploaded file: not empty, not too large, a known format whose
extension agrees with its content. Used by the upload form and, again, by the
service, so every entry point (HTML, API, commands) applies the same rules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from conciliare.documents.filetypes import (
    FileType,
    accepted_labels,
    detect_file_type,
    extension_matches,
)

_MEGABYTE = 1024 * 1024


def max_upload_megabytes() -> str:
    """The configured limit in MB, as people read it: ``20``, ``0,5``."""
    megabytes = settings.DOCUMENT_MAX_UPLOAD_BYTES / _MEGABYTE
    if megabytes == int(megabytes):
        return str(int(megabytes))
    return number_format(round(megabytes, 2))


def validate_upload(file: "File[bytes]") -> FileType:
    """The detected type of ``file``, or ValidationError explaining the refusal."""
    size = file.size or 0
    if size == 0:
        raise ValidationError(
            _("Il file è vuoto: selezionare un file con un contenuto."),
            code="empty",
        )
    if size > settings.DOCUMENT_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _(
                "Il file supera la dimensione massima consentita di %(limit)s MB: "
                "ridurne la dimensione o dividerlo in più parti."
            ),
            code="too_large",
            params={"limit": max_upload_megabytes()},
        )
    file_type = detect_file_type(file)
    if file_type is None:
        raise ValidationError(
            _(
                "Il formato del file non è riconosciuto o non è ammesso. "
                "Formati accettati: %(formats)s."
            ),
            code="unknown_type",
            params={"formats": accepted_labels()},
        )
    if not extension_matches(file_type, file.name or ""):
        raise ValidationError(
            _(
                "Il contenuto del file è di tipo %(label)s ma il nome ha un'estensione "
                "diversa: rinominare il file con l'estensione %(extensions)s."
            ),
            code="extension_mismatch",
            params={
                "label": file_type.label,
                "extensions": ", ".join(file_type.extensions),
            },
        )
    return file_type
