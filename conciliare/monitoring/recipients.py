"""Who the monitoring e-mails go to: the lead body of a project and the
officers of an ATS."""

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.projects.models import Project


def lead_recipients(project: Project) -> list[str]:
    """The lead body's addresses and those of its representatives."""
    lead = project.alliance.lead
    representatives = RoleAssignment.objects.filter(
        role=Role.ORGANISATION_REPRESENTATIVE,
        organisation_id=lead.pk,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    addresses = [
        *sorted(representatives),
        lead.pec,
        lead.email,
        project.alliance.contact_email,
    ]
    return list(dict.fromkeys(a for a in addresses if a))


def officer_recipients(ats_id: int) -> list[str]:
    """The addresses of the ATS's officers."""
    return sorted(
        set(
            RoleAssignment.objects.filter(
                role=Role.ATS_OFFICER, ats_id=ats_id, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )
