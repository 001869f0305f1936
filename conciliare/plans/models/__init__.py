"""The Territorial Plan (Piano Territoriale di Conciliazione) of an ATS for a
period, in versions (approved by the ATS, validated by the Region, amended
by rimodulazione), and the agreements (convenzioni) with the lead bodies."""

from conciliare.plans.models.agreement import (
    Agreement,
    AgreementDeadline,
    AgreementInstalment,
    AgreementStatus,
    AgreementTemplate,
    DeadlineKind,
    InstalmentKind,
)
from conciliare.plans.models.contents import (
    FundingKind,
    FundingSource,
    MilestoneKind,
    MonitoringMilestone,
    PlanProject,
    SystemAction,
)
from conciliare.plans.models.plan import PlanStatus, PlanVersion, TerritorialPlan

__all__ = [
    "Agreement",
    "AgreementDeadline",
    "AgreementInstalment",
    "AgreementStatus",
    "AgreementTemplate",
    "DeadlineKind",
    "FundingKind",
    "FundingSource",
    "InstalmentKind",
    "MilestoneKind",
    "MonitoringMilestone",
    "PlanProject",
    "PlanStatus",
    "PlanVersion",
    "SystemAction",
    "TerritorialPlan",
]
