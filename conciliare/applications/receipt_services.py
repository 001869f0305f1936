"""Issuing a submission's receipt: the PDF is stored as a private document
of the ATS (readable by the alliance's people) and e-mailed to the lead
body and to the person who submitted. Run by the worker after the commit;
running it again for the same submission does nothing more."""

from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.applications.models import Submission
from conciliare.applications.receipt_pdf import (
    submission_receipt_filename,
    submission_receipt_pdf,
)
from conciliare.audit.services import event_record
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store


def submission_receipt_issue(*, submission_id: int) -> str:
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related(
                "application__ats",
                "application__call__period",
                "application__alliance__lead",
                "submitted_by",
            )
            .filter(pk=submission_id)
            .first()
        )
        if submission is None:
            return "missing"
        if submission.receipt_id is not None:
            return "already issued"
        with override("it"):
            pdf = submission_receipt_pdf(submission=submission)
            title = _("Ricevuta di invio della domanda, protocollo %(number)s") % {
                "number": submission.protocol_number
            }
        application = submission.application
        document = document_store(
            actor=submission.submitted_by,
            data={
                "title": title,
                "kind": DocumentKind.OTHER,
                "act_number": submission.protocol_number,
                "act_date": timezone.localdate(submission.submitted_at),
                "valid_from": timezone.localdate(submission.submitted_at),
                "is_public": False,
                "ats": application.ats,
                "period": application.call.period,
            },
            file=ContentFile(pdf, name=submission_receipt_filename(submission)),
            note=title,
        )
        Submission.objects.filter(pk=submission.pk).update(receipt=document)
        event_record(
            actor=submission.submitted_by,
            verb="application.receipt_issue",
            target=application,
            note=submission.protocol_number,
        )
        recipients = list(
            dict.fromkeys(
                address
                for address in (
                    application.alliance.lead.pec,
                    application.alliance.lead.email,
                    application.alliance.contact_email,
                    submission.submitted_by.email,
                )
                if address
            )
        )
        if recipients:
            with override("it"):
                message = EmailMessage(
                    subject=title,
                    body=_(
                        "La domanda «%(title)s» dell'alleanza %(alliance)s all'avviso "
                        "«%(call)s» dell'%(ats)s è stata ricevuta il %(moment)s con "
                        "protocollo %(number)s.\n\nIn allegato la ricevuta. "
                        "Impronta SHA-256 del contenuto inviato: %(sha)s."
                    )
                    % {
                        "title": submission.snapshot["title"],
                        "alliance": application.alliance.name,
                        "call": application.call.title,
                        "ats": application.ats,
                        "moment": date_format(
                            timezone.localtime(submission.submitted_at),
                            "DATETIME_FORMAT",
                        ),
                        "number": submission.protocol_number,
                        "sha": submission.snapshot_sha256,
                    },
                    to=recipients,
                )
                message.attach(
                    submission_receipt_filename(submission), pdf, "application/pdf"
                )
            transaction.on_commit(message.send)
    return "issued"
