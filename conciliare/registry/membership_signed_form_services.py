"""The signed Modulo di adesione: the form the organisation's legal
representative signed (PDF signed by hand and scanned, or a signed .p7m),
attached by the applicant or by an officer of the ATS while the request
waits for a decision. It is kept as a private document of the network's ATS,
which the officers read and the applicant reads too (``registry/rules.py``
grants it)."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.documents.filetypes import P7M, PDF, FileType
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store
from conciliare.documents.validators import validate_upload
from conciliare.registry.membership_locks import membership_lock
from conciliare.registry.models import Membership, MembershipStatus

if TYPE_CHECKING:
    from django.core.files import File

#: The formats of a signed form: a PDF, or a CAdES signed file (.p7m).
SIGNED_FORM_TYPES = (PDF, P7M)


def validate_signed_form(file: "File[bytes]") -> FileType:
    """The type of ``file`` if it may be a signed form, else ValidationError."""
    file_type = validate_upload(file)
    if file_type not in SIGNED_FORM_TYPES:
        raise ValidationError(
            _(
                "Il modulo firmato deve essere un PDF oppure un file firmato "
                "digitalmente (.p7m): il file caricato è di tipo %(label)s."
            ),
            code="signed_form_type",
            params={"label": file_type.label},
        )
    return file_type


def signed_form_store(
    *, actor: User, membership: Membership, file: "File[bytes]"
) -> Document:
    """Store ``file`` as the signed form of ``membership`` (a private
    document of the network's ATS and period); the caller links it.

    No permission check: for the membership services, which check theirs.
    Raises ValidationError keyed ``signed_form``.
    """
    try:
        validate_signed_form(file)
        return document_store(
            actor=actor,
            data={
                "title": _("Modulo di adesione firmato, protocollo %(number)s")
                % {"number": membership.protocol_number},
                "kind": DocumentKind.FORM,
                "valid_from": timezone.localdate(),
                "is_public": False,
                "ats": membership.network.ats,
                "period": membership.network.period,
            },
            file=file,
            note=_("Modulo firmato della richiesta di adesione %(number)s.")
            % {"number": membership.protocol_number},
        )
    except ValidationError as exc:
        raise ValidationError({"signed_form": exc.messages}) from exc


@transaction.atomic
def membership_signed_form_attach(
    *, actor: User, membership: Membership, file: "File[bytes]"
) -> Membership:
    """Attach the signed Modulo di adesione to a pending request (a new file
    replaces the previous one, which stays in the archive) and tell the
    applicant it was received.

    Raises PermissionDenied (neither the applicant nor an officer of the
    network), ApplicationError (the request was decided already) or
    ValidationError keyed ``signed_form`` (not a PDF or .p7m, empty, too big).
    """
    membership = membership_lock(pk=membership.pk)
    ensure_perm(actor, "registry.attach_membership_signed_form", membership)
    if membership.status != MembershipStatus.REQUESTED:
        raise ApplicationError(
            _(
                "Il modulo firmato si può allegare solo mentre la richiesta è "
                "in attesa di decisione."
            ),
            field="signed_form",
        )
    previous = membership.signed_form
    membership.signed_form = signed_form_store(
        actor=actor, membership=membership, file=file
    )
    membership.save(update_fields=["signed_form", "updated_at"])
    event_record(
        actor=actor,
        verb="membership.signed_form_attach",
        target=membership,
        changes={
            "signed_form": [
                previous.original_filename if previous else None,
                membership.signed_form.original_filename,
            ]
        },
    )
    subject = _("Modulo di adesione firmato ricevuto: protocollo %(number)s") % {
        "number": membership.protocol_number
    }
    body = _(
        "Il modulo di adesione firmato di %(organisation)s alla %(network)s è "
        "stato allegato alla richiesta %(number)s. L'ATS lo esaminerà insieme "
        "alla richiesta."
    ) % {
        "organisation": membership.organisation.legal_name,
        "network": membership.network,
        "number": membership.protocol_number,
    }
    recipients = list(
        dict.fromkeys(
            address
            for address in (membership.contact_email, membership.requested_by.email)
            if address
        )
    )
    transaction.on_commit(
        lambda: send_mail(subject, body, None, recipients, fail_silently=False)
    )
    return membership
