"""The project's own states (``project_services``): the start and the end
of the activities declared by the lead body or the ATS, and the move to
*rendicontato* when the final report is accepted and the final statement
checked (and back when one is reopened)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import InvalidTransition
from conciliare.monitoring.models import (
    MonitoringReport,
    ReportKind,
    ReportStatus,
    StatementStatus,
)
from conciliare.monitoring.project_services import (
    project_complete,
    project_reported_sync,
    project_start,
)
from conciliare.monitoring.tests.factories import (
    SIGNED_DAYS_AGO,
    regional_officer,
    signed_project,
)
from conciliare.monitoring.tests.test_payment_services import statement_checked
from conciliare.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_the_lead_body_declares_the_start_of_the_activities():
    # given
    funded = signed_project()

    # when
    project = project_start(
        actor=funded.lead_rep, project=funded.project, started_on=_today()
    )

    # then
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    assert project.starts_on == _today()
    event = AuditEvent.objects.for_object(project).get(verb="project.start")
    assert (event.actor, event.from_state, event.to_state) == (
        funded.lead_rep,
        ProjectStatus.AGREEMENT_SIGNED,
        ProjectStatus.IN_PROGRESS,
    )
    assert event.changes["starts_on"][1] == _today().isoformat()


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "nel futuro"), (-(SIGNED_DAYS_AGO + 1), "prima della firma")],
    ids=["tomorrow", "before the signature"],
)
def test_a_start_in_the_future_or_before_the_signature_is_refused(days, message):
    funded = signed_project()

    with pytest.raises(ValidationError) as refused:
        project_start(
            actor=funded.officer,
            project=funded.project,
            started_on=_today() + timedelta(days=days),
        )

    assert message in refused.value.message_dict["started_on"][0]
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.AGREEMENT_SIGNED
    assert not AuditEvent.objects.filter(verb="project.start").exists()


def test_the_officer_declares_the_end_not_before_the_start_nor_in_the_future():
    funded = signed_project()
    started = _today() - timedelta(days=2)
    project_start(actor=funded.officer, project=funded.project, started_on=started)

    for day, message in (
        (started - timedelta(days=1), "precedere l'avvio"),
        (_today() + timedelta(days=1), "nel futuro"),
    ):
        with pytest.raises(ValidationError) as refused:
            project_complete(actor=funded.officer, project=funded.project, ended_on=day)
        assert message in refused.value.message_dict["ended_on"][0]

    project = project_complete(
        actor=funded.officer, project=funded.project, ended_on=_today()
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert project.ends_on == _today()


def test_a_project_not_started_cannot_be_completed():
    funded = signed_project()

    with pytest.raises(InvalidTransition):
        project_complete(
            actor=funded.officer, project=funded.project, ended_on=_today()
        )


@pytest.mark.parametrize("who", ["partner", "committee", "region", "other_officer"])
def test_only_the_lead_body_or_the_ats_declares_the_progress(who):
    funded = signed_project()
    actor = {
        "partner": lambda: funded.team.partner_rep,
        "committee": lambda: make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats),
        "region": regional_officer,
        "other_officer": lambda: make_user(
            Role.ATS_OFFICER,
            ats=funded.project.ats.__class__.objects.get(slug="brianza"),
        ),
    }[who]()

    with pytest.raises(PermissionDenied):
        project_start(actor=actor, project=funded.project, started_on=_today())


def _final_report(funded, status=ReportStatus.ACCEPTED):
    now = timezone.now()
    return MonitoringReport.objects.create(
        project=funded.project,
        ats=funded.project.ats,
        kind=ReportKind.FINAL,
        due_on=_today(),
        period_start=_today() - timedelta(days=30),
        period_end=_today(),
        status=status,
        submitted_at=now,
        submitted_by=funded.lead_rep,
        decided_at=now,
        decided_by=funded.officer,
        created_by=funded.lead_rep,
    )


def _completed(funded):
    project_start(
        actor=funded.officer,
        project=funded.project,
        started_on=_today() - timedelta(days=2),
    )
    project_complete(actor=funded.officer, project=funded.project, ended_on=_today())


def _sync(funded):
    with transaction.atomic():
        return project_reported_sync(actor=funded.officer, project=funded.project)


def test_the_project_is_reported_once_both_final_report_and_statement_are_closed():
    # given
    funded = signed_project()
    _completed(funded)
    report = _final_report(funded)

    # when only the report is accepted: still completed
    assert _sync(funded).status == ProjectStatus.COMPLETED

    # when the final statement is checked too
    statement = statement_checked(funded)
    assert _sync(funded).status == ProjectStatus.REPORTED
    event = AuditEvent.objects.for_object(funded.project).get(verb="project.reported")
    assert event.to_state == ProjectStatus.REPORTED

    # when the statement is reopened: back to completed
    statement.status = StatementStatus.SUBMITTED
    statement.save(update_fields=["status"])
    assert _sync(funded).status == ProjectStatus.COMPLETED
    assert AuditEvent.objects.filter(verb="project.reporting_reopened").exists()
    assert report.status == ReportStatus.ACCEPTED


def test_an_interim_project_is_left_alone_by_the_sync():
    funded = signed_project()
    _final_report(funded)
    statement_checked(funded)

    assert _sync(funded).status == ProjectStatus.AGREEMENT_SIGNED
    assert not AuditEvent.objects.filter(verb="project.reported").exists()
