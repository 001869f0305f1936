"""Plans for the agreements' tests, written directly as rows (no plan
service): a call closed with submitted applications, a project per
application, and a plan version at any status with those projects funded."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import PDF, Team
from conciliare.calls.models import Call
from conciliare.plans.models import (
    MilestoneKind,
    MonitoringMilestone,
    PlanProject,
    PlanStatus,
    PlanVersion,
    TerritorialPlan,
)
from conciliare.projects.models import Project
from conciliare.reviews.tests.factories import closed_call

#: The plan's approval act: 30 days ago.
ACT_DAYS_AGO = 30
#: When the projects run, from today.
PROJECT_START_DAYS = 10
PROJECT_LENGTH_DAYS = 540


@dataclass
class PlanSetup:
    call: Call
    plan: TerritorialPlan
    version: PlanVersion
    officer: User
    rows: list[PlanProject]
    teams: list[Team]

    @property
    def projects(self) -> list[Project]:
        return [row.project for row in self.rows]


def make_agreement_plan(
    *,
    grants: tuple[str, ...] = ("45000.00", "30000.00"),
    status: str = PlanStatus.VALIDATED,
    milestones: bool = False,
    ats_slug: str = "milano",
    officer: User | None = None,
) -> PlanSetup:
    """A plan of ``ats_slug`` for 2020-2023 whose version 1 (at ``status``)
    funds one project per grant of ``grants``; with the interim and final
    report milestones when ``milestones``."""
    call, submitted = closed_call(grants=list(grants), ats_slug=ats_slug)
    ats = call.ats
    officer = officer or make_user(Role.ATS_OFFICER, ats=ats)
    today = timezone.localdate()
    plan = TerritorialPlan.objects.create(
        ats=ats,
        period=call.period,
        call=call,
        title=f"Piano Territoriale di conciliazione {ats.short_name} 2020-2023",
        created_by=officer,
    )
    version = PlanVersion.objects.create(
        plan=plan, number=1, **_status_fields(status, officer)
    )
    rows = []
    for position, (grant, item) in enumerate(zip(grants, submitted, strict=True), 1):
        amount = Decimal(grant)
        cofinancing = _cofinancing(amount)
        project = Project.objects.create(
            code=f"{ats.code}-2020-{position:02d}",
            title=f"Tempi per le famiglie {position}",
            alliance=item.team.alliance,
            ats=ats,
            period=call.period,
            total_cost=amount + cofinancing,
            public_funding=amount,
            starts_on=today + timedelta(days=PROJECT_START_DAYS),
            ends_on=today + timedelta(days=PROJECT_START_DAYS + PROJECT_LENGTH_DAYS),
            application=item.application,
        )
        rows.append(
            PlanProject.objects.create(
                version=version,
                project=project,
                position=position,
                grant=amount,
                cofinancing=cofinancing,
                total_cost=amount + cofinancing,
            )
        )
    if milestones:
        milestone_add(
            version, MilestoneKind.INTERIM_REPORT, today + timedelta(days=300)
        )
        milestone_add(version, MilestoneKind.FINAL_REPORT, today + timedelta(days=700))
    return PlanSetup(
        call=call,
        plan=plan,
        version=version,
        officer=officer,
        rows=rows,
        teams=[item.team for item in submitted],
    )


def _cofinancing(grant: Decimal) -> Decimal:
    """About half the grant, in whole euros whose sum with the grant SQLite
    adds exactly in floating point (it checks ``total_cost = grant +
    cofinancing`` on REAL values: 45000.01 + 30000 is not 75000.01 there)."""
    euros = int(grant / 2)
    while float(grant) + euros != float(grant + euros):
        euros -= 1
    return Decimal(euros)


def milestone_add(version: PlanVersion, kind: str, due_on: date) -> MonitoringMilestone:
    return MonitoringMilestone.objects.create(
        version=version,
        kind=kind,
        due_on=due_on,
        indicators="Destinatari raggiunti; ore di servizio erogate.",
        description=f"{MilestoneKind(kind).label} del Piano",
    )


def version_set_status(version: PlanVersion, status: str) -> PlanVersion:
    """Move ``version`` to ``status`` recording what that status requires."""
    officer = version.approved_by or make_user(Role.ATS_OFFICER, ats=version.plan.ats)
    for field, value in _status_fields(status, officer).items():
        setattr(version, field, value)
    version.save()
    return version


def _status_fields(status: str, officer: User) -> dict[str, object]:
    now = timezone.now()
    fields: dict[str, object] = {"status": status}
    if status == PlanStatus.DRAFT:
        return fields
    fields.update(
        act_number="212",
        act_date=timezone.localdate() - timedelta(days=ACT_DAYS_AGO),
        approved_at=now - timedelta(days=ACT_DAYS_AGO),
        approved_by=officer,
    )
    if status in (PlanStatus.SENT, PlanStatus.VALIDATED, PlanStatus.RETURNED):
        fields.update(sent_at=now - timedelta(days=20), sent_by=officer)
    if status == PlanStatus.RETURNED:
        fields.update(remarks="Integrare le azioni di sistema.")
    if status in (PlanStatus.VALIDATED, PlanStatus.SUPERSEDED):
        fields.update(
            validated_at=now - timedelta(days=5),
            validated_by=make_user(Role.REGIONAL_OFFICER),
        )
    return fields


def signed_pdf(name: str = "convenzione-firmata.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
