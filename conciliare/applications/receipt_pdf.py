"""The receipt of a submission as a PDF (WeasyPrint), drawn from the
submission's snapshot only: the same receipt whenever it is produced."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from conciliare.applications.models import Submission


def submission_receipt_pdf(*, submission: Submission) -> bytes:
    return bytes(
        HTML(string=submission_receipt_html(submission=submission)).write_pdf()
    )


def submission_receipt_html(*, submission: Submission) -> str:
    return render_to_string(
        "applications/submission_receipt_pdf.html",
        {
            "submission": submission,
            "snapshot": submission.snapshot,
            "submitted_at": timezone.localtime(submission.submitted_at),
            "received_at": timezone.localtime(submission.received_at),
        },
    )


def submission_receipt_filename(submission: Submission) -> str:
    return f"ricevuta-{submission.protocol_number}.pdf"
