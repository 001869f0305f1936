"""The PDF of an approved plan version (WeasyPrint), drawn from its frozen
snapshot only, stored as a public document of the ATS. Run by the worker
after the approval; running it again for the same version does nothing."""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from weasyprint import HTML

from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.plans.models import FundingKind, MilestoneKind, PlanStatus, PlanVersion


def plan_pdf_html(*, version: PlanVersion) -> str:
    content: dict[str, Any] = dict(version.snapshot)
    content["funding"] = [
        {**row, "label": FundingKind(row["kind"]).label}
        for row in content.get("funding", [])
    ]
    content["milestones"] = [
        {
            **row,
            "label": MilestoneKind(row["kind"]).label,
            "due": date.fromisoformat(row["due_on"]),
        }
        for row in content.get("milestones", [])
    ]
    return render_to_string(
        "plans/plan_pdf.html",
        {"version": version, "plan": version.plan, "content": content},
    )


def plan_pdf(*, version: PlanVersion) -> bytes:
    return bytes(HTML(string=plan_pdf_html(version=version)).write_pdf())


def plan_pdf_filename(version: PlanVersion) -> str:
    plan = version.plan
    return f"piano-{plan.ats.slug}-{plan.period.slug}-v{version.number}.pdf"


def plan_pdf_issue(*, version_id: int) -> str:
    """Produce and store the PDF of an approved version (once)."""
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update(of=("self",))
            .select_related("plan__ats", "plan__period", "approved_by")
            .filter(pk=version_id)
            .first()
        )
        if version is None or version.status in (PlanStatus.DRAFT,):
            return "missing"
        if version.document_id is not None:
            return "already issued"
        if (
            not version.snapshot
            or version.approved_by is None
            or version.act_date is None
        ):
            return "not approved"
        plan = version.plan
        with override("it"):
            pdf = plan_pdf(version=version)
            title = _("%(plan)s – versione %(number)s") % {
                "plan": plan.title,
                "number": version.number,
            }
        document = document_store(
            actor=version.approved_by,
            data={
                "title": title,
                "kind": DocumentKind.PLAN,
                "act_number": version.act_number,
                "act_date": version.act_date,
                "valid_from": version.act_date,
                "is_public": True,
                "ats": plan.ats,
                "period": plan.period,
            },
            file=ContentFile(pdf, name=plan_pdf_filename(version)),
            note=title,
        )
        PlanVersion.objects.filter(pk=version.pk).update(document=document)
        event_record(
            actor=version.approved_by,
            verb="plan.pdf_issue",
            target=version,
            note=title,
        )
        transaction.on_commit(public_cache_invalidate)
    return "issued"
