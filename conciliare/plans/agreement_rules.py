"""Who may prepare, sign and read the agreements (convenzioni) (django-rules).

Agreements, plans and plan versions expose ``ats_id``. The ATS's officers
prepare and sign the agreements of their plans; the Region reads every one;
the representatives of a project's lead body read their own agreement (and
download its PDF, through the documents grant below). Committee members,
other ATS and the partners do not see them.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register


@rules.predicate
def represents_agreement_lead(user: Any, agreement: Any) -> bool:
    """The user represents the lead body of the agreement's project."""
    from conciliare.plans.models import Agreement

    return isinstance(
        agreement, Agreement
    ) and agreement.project.alliance.lead_id in organisation_ids_of(user)


rules.add_perm(
    "plans.view_agreement",
    is_ats_officer_of
    | is_regional_officer
    | (is_organisation_representative & represents_agreement_lead),
)
#: On a plan or a plan version: the template, generation, the list.
rules.add_perm("plans.manage_agreements", is_ats_officer_of)
rules.add_perm("plans.sign_agreement", is_ats_officer_of)
#: On a plan: the list of its agreements (read-only for the Region).
rules.add_perm("plans.view_plan_agreements", is_ats_officer_of | is_regional_officer)


def _documents_of_own_agreements(user: Any) -> QuerySet[Any]:
    """The PDFs and the signed copies of the agreements of the projects
    whose lead body the user represents."""
    from conciliare.documents.models import Document
    from conciliare.plans.models import Agreement

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return Document.objects.none().values("pk")
    own = Agreement.objects.filter(project__alliance__lead_id__in=organisation_ids)
    return Document.objects.filter(
        Q(pk__in=own.values("document_id")) | Q(pk__in=own.values("signed_document_id"))
    ).values("pk")


document_grant_register(_documents_of_own_agreements)
