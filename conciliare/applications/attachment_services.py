"""Files attached to a draft: checked by content and size by the documents
app, stored privately (a document of the ATS that the alliance's people may
read). An upload is its own request: a refused or failed one leaves the
typed draft as it was, and a later upload simply replaces the earlier file.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.applications.models import Application, ApplicationAttachment
from conciliare.applications.services import draft_lock
from conciliare.audit.services import event_record
from conciliare.calls.models import RequiredAttachment
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store


@transaction.atomic
def application_attachment_upload(
    *,
    actor: User,
    application: Application,
    requirement: RequiredAttachment | None,
    file: "File[bytes]",
    title: str = "",
) -> ApplicationAttachment:
    """Attach ``file`` for ``requirement`` (replacing an earlier file for it)
    or, without a requirement, as a further document titled ``title``.

    Raises PermissionDenied, ApplicationError or ValidationError (keyed
    ``file`` or ``title``); nothing is stored when it fails."""
    application = draft_lock(actor=actor, application=application)
    if requirement is not None and requirement.call_id != application.call_id:
        raise ValidationError(
            {"requirement": _("Questo allegato non è richiesto dall'avviso.")}
        )
    if requirement is None and not title.strip():
        raise ValidationError({"title": _("Indicare di che documento si tratta.")})
    name = requirement.name if requirement is not None else title.strip()
    try:
        document = document_store(
            actor=actor,
            data={
                "title": f"{name} – {application.title}"[:255],
                "kind": DocumentKind.OTHER,
                "valid_from": timezone.localdate(),
                "is_public": False,
                "ats": application.ats,
                "period": application.call.period,
            },
            file=file,
            note=_("Allegato della domanda %(pk)s") % {"pk": application.pk},
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    replaced = None
    if requirement is not None:
        replaced = ApplicationAttachment.objects.filter(
            application=application, requirement=requirement
        ).first()
        if replaced is not None:
            replaced.delete()
    attachment = ApplicationAttachment.objects.create(
        application=application,
        requirement=requirement,
        document=document,
        uploaded_by=actor,
    )
    event_record(
        actor=actor,
        verb="application.attachment_upload",
        target=application,
        changes={
            "attachment": [
                replaced.document.original_filename if replaced else None,
                document.original_filename,
            ]
        },
        note=name,
    )
    return attachment


@transaction.atomic
def application_attachment_remove(
    *, actor: User, application: Application, attachment: ApplicationAttachment
) -> None:
    """Take a file off a draft (the stored document stays, as every document)."""
    application = draft_lock(actor=actor, application=application)
    if attachment.application_id != application.pk:
        raise ApplicationError(_("Questo allegato non appartiene alla domanda."))
    name = attachment.document.original_filename
    attachment.delete()
    event_record(
        actor=actor,
        verb="application.attachment_remove",
        target=application,
        changes={"attachment": [name, None]},
    )
