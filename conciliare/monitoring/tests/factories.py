"""A funded project with its agreement signed, through the plans' own
services: the starting point of every monitoring test."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import Team
from conciliare.plans.agreement_services import agreement_sign, agreements_generate
from conciliare.plans.models import Agreement
from conciliare.plans.tests.agreement_factories import (
    PlanSetup,
    make_agreement_plan,
    signed_pdf,
)
from conciliare.projects.models import Project

#: The agreements are signed so many days ago.
SIGNED_DAYS_AGO = 3


@dataclass
class Funded:
    setup: PlanSetup
    project: Project
    agreement: Agreement
    team: Team
    officer: User

    @property
    def lead_rep(self) -> User:
        return self.team.lead_rep


def signed_project(
    *,
    grants: tuple[str, ...] = ("45000.00",),
    ats_slug: str = "milano",
    index: int = 0,
) -> Funded:
    """The ``index``-th project of a validated plan funding ``grants``, with
    the interim and final report deadlines, its agreement generated and
    signed (instalments: 50% advance, 50% balance)."""
    setup = make_agreement_plan(grants=grants, milestones=True, ats_slug=ats_slug)
    agreements_generate(actor=setup.officer, version=setup.version)
    signed_on = timezone.localdate() - timedelta(days=SIGNED_DAYS_AGO)
    for agreement in Agreement.objects.filter(plan_version=setup.version):
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=signed_on,
            signed_file=signed_pdf(),
        )
    project = setup.projects[index]
    project.refresh_from_db()
    return Funded(
        setup=setup,
        project=project,
        agreement=Agreement.objects.get(project=project),
        team=setup.teams[index],
        officer=setup.officer,
    )


def regional_officer() -> User:
    return make_user(Role.REGIONAL_OFFICER)
