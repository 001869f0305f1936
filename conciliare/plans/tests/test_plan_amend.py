"""Rimodulazione: a validated plan changes only through a new version; the
content services refuse any change to a version that is not a draft or
returned, so the validated version never changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.core.exceptions import ApplicationError
from conciliare.plans.models import (
    FundingKind,
    MilestoneKind,
    PlanStatus,
    PlanVersion,
    SystemAction,
)
from conciliare.plans.plan_content_services import (
    funding_sources_set,
    milestones_set,
    plan_summary_set,
    system_action_add,
    system_action_remove,
    system_action_update,
)
from conciliare.plans.plan_services import (
    plan_amend,
    plan_projects_sync,
    plan_send,
    plan_validate,
)
from conciliare.plans.plan_snapshot import version_snapshot
from conciliare.plans.tests.factories import approve, make_plan
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.reviews.models import Ranking, RankingEntry
from conciliare.reviews.models.ranking import RankingOutcome

pytestmark = pytest.mark.django_db

ACTION = {
    "title": "Sportello di rete",
    "description": "Coordinamento della Rete territoriale.",
    "budget": Decimal("10000.00"),
}


def _officer(version: PlanVersion):
    return make_user(Role.ATS_OFFICER, ats=version.plan.ats)


def _validated_with_action() -> PlanVersion:
    version = make_plan(funded=2)
    system_action_add(actor=_officer(version), version=version, data=dict(ACTION))
    version = approve(version)
    version = plan_send(actor=_officer(version), version=version)
    return plan_validate(actor=make_user(Role.REGIONAL_OFFICER), version=version)


def _every_content_change(version: PlanVersion, action: SystemAction):
    actor = _officer(version)
    return [
        lambda: system_action_add(actor=actor, version=version, data=dict(ACTION)),
        lambda: system_action_update(actor=actor, action=action, data=dict(ACTION)),
        lambda: system_action_remove(actor=actor, action=action),
        lambda: funding_sources_set(
            actor=actor,
            version=version,
            rows=[{"kind": FundingKind.OTHER, "amount": Decimal(1)}],
        ),
        lambda: milestones_set(
            actor=actor,
            version=version,
            rows=[{"kind": MilestoneKind.FINAL_REPORT, "due_on": timezone.localdate()}],
        ),
        lambda: plan_summary_set(actor=actor, version=version, summary="Altro."),
        lambda: plan_projects_sync(actor=actor, version=version),
    ]


@pytest.mark.parametrize("status", ["approved", "sent", "validated"])
def test_content_services_refuse_a_version_that_is_not_editable(status):
    version = make_plan(funded=1)
    action = system_action_add(
        actor=_officer(version), version=version, data=dict(ACTION)
    )
    version = approve(version)
    if status in ("sent", "validated"):
        version = plan_send(actor=_officer(version), version=version)
    if status == "validated":
        version = plan_validate(actor=make_user(Role.REGIONAL_OFFICER), version=version)
    before = version_snapshot(version)
    for change in _every_content_change(version, action):
        with pytest.raises(ApplicationError, match="non si può modificare"):
            change()
    assert version_snapshot(version) == before


def test_rimodulazione_creates_a_draft_copy_and_the_validated_version_stays():
    validated = _validated_with_action()
    before = version_snapshot(validated)

    amended = plan_amend(
        actor=_officer(validated), plan=validated.plan, reason="Nuove risorse."
    )

    assert (amended.number, amended.status) == (2, PlanStatus.DRAFT)
    assert amended.amendment_reason == "Nuove risorse."
    copy = version_snapshot(amended)
    for key in ("projects", "system_actions", "funding", "milestones", "totals"):
        assert copy[key] == before[key]
    # the new version is edited; the validated one does not change
    action = amended.system_actions.get()
    system_action_update(
        actor=_officer(amended),
        action=action,
        data={**ACTION, "budget": Decimal("15000.00")},
    )
    validated.refresh_from_db()
    assert validated.status == PlanStatus.VALIDATED
    assert version_snapshot(validated) == before
    assert validated.system_actions.get().budget == Decimal("10000.00")


def test_validating_the_rimodulazione_supersedes_the_previous_version():
    validated = _validated_with_action()
    amended = plan_amend(actor=_officer(validated), plan=validated.plan, reason="R.")
    amended = approve(amended)
    amended = plan_send(actor=_officer(amended), version=amended)
    amended = plan_validate(actor=make_user(Role.REGIONAL_OFFICER), version=amended)

    validated.refresh_from_db()
    assert amended.status == PlanStatus.VALIDATED
    assert validated.status == PlanStatus.SUPERSEDED
    assert validated.validated_at is not None


@pytest.mark.parametrize("status", ["draft", "approved", "sent", "returned"])
def test_rimodulazione_only_from_a_validated_plan(status):
    version = make_plan(funded=1, status=status)
    with pytest.raises(ApplicationError):
        plan_amend(actor=_officer(version), plan=version.plan, reason="R.")


def test_rimodulazione_refused_while_another_version_is_in_progress():
    validated = _validated_with_action()
    plan_amend(actor=_officer(validated), plan=validated.plan, reason="Prima.")
    with pytest.raises(ApplicationError, match="versione 2"):
        plan_amend(actor=_officer(validated), plan=validated.plan, reason="Seconda.")


def test_rimodulazione_needs_a_reason_and_the_plans_officer():
    validated = _validated_with_action()
    with pytest.raises(ValidationError):
        plan_amend(actor=_officer(validated), plan=validated.plan, reason=" ")
    with pytest.raises(PermissionDenied):
        plan_amend(
            actor=make_user(Role.ATS_OFFICER, ats=ats("brianza")),
            plan=validated.plan,
            reason="R.",
        )


def test_operators_must_be_members_of_the_ats_network():
    version = make_plan(funded=1)
    network = NetworkFactory.create(ats=version.plan.ats, period=version.plan.period)
    member = make_membership(network=network, status=MembershipStatus.ACTIVE)
    stranger = OrganisationFactory.create()
    action = system_action_add(
        actor=_officer(version),
        version=version,
        data={**ACTION, "operators": [member.organisation]},
    )
    assert list(action.operators.all()) == [member.organisation]
    with pytest.raises(ValidationError) as caught:
        system_action_add(
            actor=_officer(version),
            version=version,
            data={**ACTION, "operators": [stranger]},
        )
    assert "operators" in caught.value.message_dict


def test_the_final_report_cannot_be_dropped():
    version = make_plan(funded=1)
    with pytest.raises(ValidationError, match="relazione finale"):
        milestones_set(
            actor=_officer(version),
            version=version,
            rows=[
                {
                    "kind": MilestoneKind.INTERIM_REPORT,
                    "due_on": timezone.localdate(),
                }
            ],
        )


def test_projects_follow_the_ranking_after_a_scorrimento():
    version = make_plan(funded=2)
    ranking = Ranking.objects.get(call_id=version.plan.call_id)
    first, second = ranking.entries.order_by("position")
    RankingEntry.objects.filter(pk=second.pk).update(
        outcome=RankingOutcome.RENOUNCED, grant_awarded=0
    )
    plan_projects_sync(actor=_officer(version), version=version)
    assert [row.project.application_id for row in version.funded_projects.all()] == [
        first.application_id
    ]
