"""The PDF of an agreement (WeasyPrint): its text, the payment schedule and
the report deadlines, stored as a private document of the ATS. Produced by
the worker after the agreement is generated or brought up to date; running
it again for an agreement that has its PDF does nothing more."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from weasyprint import HTML

from conciliare.accounts.services import system_user
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.plans.models import Agreement


def agreement_html(*, agreement: Agreement) -> str:
    return render_to_string(
        "plans/agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "instalments": list(agreement.instalments.order_by("position")),
            "deadlines": list(agreement.deadlines.all()),
        },
    )


def agreement_pdf(*, agreement: Agreement) -> bytes:
    return bytes(HTML(string=agreement_html(agreement=agreement)).write_pdf())


def agreement_filename(agreement: Agreement) -> str:
    return f"convenzione-{agreement.number}.pdf"


def agreement_pdf_issue(*, agreement_id: int) -> str:
    """Store the PDF of the agreement as it is now, unless it has one."""
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related(
                "ats",
                "plan_version__plan__period",
                "project__alliance__lead",
            )
            .filter(pk=agreement_id)
            .first()
        )
        if agreement is None:
            return "missing"
        if agreement.document_id is not None:
            return "already issued"
        with override("it"):
            pdf = agreement_pdf(agreement=agreement)
            title = _("Convenzione %(number)s – %(project)s") % {
                "number": agreement.number,
                "project": agreement.project.title,
            }
        today = timezone.localdate()
        document = document_store(
            actor=system_user(),
            data={
                "title": title[:255],
                "kind": DocumentKind.AGREEMENT,
                "act_number": agreement.number,
                "act_date": None,
                "valid_from": today,
                "is_public": False,
                "ats": agreement.ats,
                "period": agreement.plan_version.plan.period,
            },
            file=ContentFile(pdf, name=agreement_filename(agreement)),
            note=title,
        )
        Agreement.objects.filter(pk=agreement.pk).update(document=document)
    return "issued"
