"""Who may follow, report on and pay a funded project (django-rules).

Projects, reports, statements and payments expose ``ats_id``. The lead
body's representatives draft and submit their own project's reports and
statements; the ATS's officers check them, accept them, reopen them and
record the payments; the ATS's committee members and the Region read
everything of the monitoring; nobody else sees a report or an expense.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_committee_member_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register


def _project_of(obj: Any) -> Any:
    from conciliare.projects.models import Project

    if isinstance(obj, Project):
        return obj
    return getattr(obj, "project", None)


@rules.predicate
def represents_project_lead(user: Any, obj: Any) -> bool:
    """The user represents the lead body of the project (of a report, a
    statement or a payment)."""
    project = _project_of(obj)
    return project is not None and project.alliance.lead_id in organisation_ids_of(user)


@rules.predicate
def is_open_for_lead(user: Any, obj: Any) -> bool:
    """A report or statement the lead body may still change."""
    return bool(obj.is_editable)


is_lead = is_organisation_representative & represents_project_lead
reads_monitoring = is_ats_officer_of | is_committee_member_of | is_regional_officer

#: On a project: its monitoring page, reports, statements and payments.
rules.add_perm("monitoring.view_project", reads_monitoring | is_lead)
#: On a project: start a report or a statement, declare start and end.
rules.add_perm("monitoring.report_on_project", is_lead)
rules.add_perm("monitoring.declare_progress", is_lead | is_ats_officer_of)
#: On a report or a statement: edit and submit.
rules.add_perm("monitoring.edit_report", is_lead & is_open_for_lead)
rules.add_perm("monitoring.edit_statement", is_lead & is_open_for_lead)
#: On a report or a statement: accept, ask for changes, check, reopen.
rules.add_perm("monitoring.review_report", is_ats_officer_of)
rules.add_perm("monitoring.check_statement", is_ats_officer_of)
#: On a project: payments, revocation, recoveries.
rules.add_perm("monitoring.record_payment", is_ats_officer_of)
#: On an ATS: the monitoring list and the overdue reports.
rules.add_perm("monitoring.follow_ats", is_ats_officer_of | is_regional_officer)


def _documents_of_own_reports(user: Any) -> QuerySet[Any]:
    """The attachments and supporting documents of the reports and
    statements of the projects whose lead body the user represents."""
    from conciliare.documents.models import Document
    from conciliare.monitoring.models import Expense, ReportAttachment

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return Document.objects.none().values("pk")
    attachments = ReportAttachment.objects.filter(
        report__project__alliance__lead_id__in=organisation_ids
    )
    expenses = Expense.objects.filter(
        statement__project__alliance__lead_id__in=organisation_ids
    )
    return Document.objects.filter(
        Q(pk__in=attachments.values("document_id"))
        | Q(pk__in=expenses.values("document_id"))
    ).values("pk")


document_grant_register(_documents_of_own_reports)
