"""The report services: who may start, edit, submit, accept, send back and
reopen a report, in which states, with the optimistic lock, the prefill,
the completeness check, the audit events and the e-mails."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.tests.factories import PDF
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.monitoring import report_figure_services as figure_services
from conciliare.monitoring import report_review_services as review_services
from conciliare.monitoring import report_services as services
from conciliare.monitoring.models import (
    ExpenditureStatement,
    MonitoringReport,
    ReportKind,
    ReportStatus,
    StatementKind,
    StatementStatus,
)
from conciliare.monitoring.project_services import project_complete, project_start
from conciliare.monitoring.tests.factories import Funded, signed_project
from conciliare.plans.models import DeadlineKind
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db


# -- helpers shared by the report tests ------------------------------------------


def started(funded: Funded) -> Funded:
    """The project declared started today."""
    project_start(
        actor=funded.lead_rep,
        project=funded.project,
        started_on=timezone.localdate(),
    )
    funded.project.refresh_from_db()
    return funded


def completed(funded: Funded) -> Funded:
    if funded.project.status == ProjectStatus.AGREEMENT_SIGNED:
        started(funded)
    project_complete(
        actor=funded.lead_rep, project=funded.project, ended_on=timezone.localdate()
    )
    funded.project.refresh_from_db()
    return funded


def interim(funded: Funded) -> MonitoringReport:
    today = timezone.localdate()
    return services.report_create(
        actor=funded.lead_rep,
        project=funded.project,
        kind=ReportKind.INTERIM,
        period_start=today,
        period_end=today,
    )


def final(funded: Funded) -> MonitoringReport:
    today = timezone.localdate()
    return services.report_create(
        actor=funded.lead_rep,
        project=funded.project,
        kind=ReportKind.FINAL,
        period_start=today,
        period_end=today,
    )


def fill(report: MonitoringReport, actor) -> MonitoringReport:
    """Texts, 40 workers (25 women, 15 men) and 12 families, every indicator."""
    report = services.report_update(
        actor=actor,
        report=report,
        version=report.version,
        data={
            "activities": "Sportello aperto due giorni a settimana.",
            "narrative": "Il progetto procede secondo il cronoprogramma.",
        },
    )
    figure_services.report_reach_save(
        actor=actor,
        report=report,
        rows=[
            {"kind": "workers", "area": None, "reached": 40, "women": 25, "men": 15},
            {
                "kind": "families",
                "area": None,
                "reached": 12,
                "women": None,
                "men": None,
            },
        ],
    )
    figure_services.report_indicators_save(
        actor=actor,
        report=report,
        values=[
            {"pk": row.pk, "value": Decimal("40"), "note": ""}
            for row in report.indicator_values.all()
        ],
    )
    report.refresh_from_db()
    return report


def submitted(funded: Funded, report: MonitoringReport | None = None):
    report = fill(report or interim(funded), funded.lead_rep)
    services.report_submit(actor=funded.lead_rep, report=report)
    report.refresh_from_db()
    return report


def pdf(name: str = "relazione.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def last_event(report: MonitoringReport) -> AuditEvent:
    event = AuditEvent.objects.for_object(report).first()
    assert event is not None
    return event


def events(report: MonitoringReport) -> list[str]:
    return list(
        AuditEvent.objects.for_object(report)
        .order_by("occurred_at", "pk")
        .values_list("verb", flat=True)
    )


@pytest.fixture
def funded() -> Funded:
    return started(signed_project())


# -- creation --------------------------------------------------------------------


def test_create_prefills_the_application_indicators_and_target_groups(funded):
    report = interim(funded)

    deadline = funded.agreement.deadlines.get(kind=DeadlineKind.INTERIM_REPORT)
    assert report.status == ReportStatus.DRAFT
    assert (report.deadline, report.due_on, report.ats) == (
        deadline,
        deadline.due_on,
        funded.project.ats,
    )
    indicators = list(report.indicator_values.values("name", "target", "value"))
    assert indicators == [
        {"name": "Lavoratori raggiunti", "target": Decimal("120.00"), "value": None}
    ]
    assert list(report.reach.values("kind", "area", "reached")) == [
        {"kind": "workers", "area": None, "reached": 0}
    ]
    event = AuditEvent.objects.for_object(report).get()
    assert (event.verb, event.actor, event.to_state) == (
        "report.create",
        funded.lead_rep,
        "draft",
    )


def test_create_copies_the_figures_of_the_last_accepted_report(funded):
    first = submitted(funded)
    review_services.report_accept(actor=funded.officer, report=first)

    second = interim(funded)

    assert second.deadline is None  # the only interim deadline is taken
    assert sorted(second.reach.values_list("kind", "reached", "women", "men")) == [
        ("families", 12, None, None),
        ("workers", 40, 25, 15),
    ]
    assert list(second.indicator_values.values_list("value", flat=True)) == [
        Decimal("40.00")
    ]


def test_an_interim_report_waits_for_the_start_of_the_project():
    funded = signed_project()

    with pytest.raises(ApplicationError, match="a progetto avviato"):
        interim(funded)

    assert not MonitoringReport.objects.exists()


def test_the_final_report_waits_for_the_end_of_the_project(funded):
    with pytest.raises(ApplicationError, match="a progetto concluso"):
        final(funded)

    completed(funded)
    report = final(funded)
    assert report.deadline == funded.agreement.deadlines.get(
        kind=DeadlineKind.FINAL_REPORT
    )
    with pytest.raises(ApplicationError, match="già la sua relazione finale"):
        final(funded)


def test_the_deadline_must_be_a_free_one_of_the_same_kind(funded):
    today = timezone.localdate()
    final_deadline = funded.agreement.deadlines.get(kind=DeadlineKind.FINAL_REPORT)
    with pytest.raises(ValidationError) as wrong_kind:
        services.report_create(
            actor=funded.lead_rep,
            project=funded.project,
            kind=ReportKind.INTERIM,
            period_start=today,
            period_end=today,
            deadline=final_deadline,
        )
    assert "deadline" in wrong_kind.value.message_dict

    report = interim(funded)
    with pytest.raises(ValidationError, match="già stata avviata"):
        services.report_create(
            actor=funded.lead_rep,
            project=funded.project,
            kind=ReportKind.INTERIM,
            period_start=today,
            period_end=today,
            deadline=report.deadline,
        )
    assert MonitoringReport.objects.count() == 1


def test_only_the_lead_body_starts_a_report(funded):
    for actor in (funded.officer, funded.team.partner_rep, make_user()):
        with pytest.raises(PermissionDenied):
            services.report_create(
                actor=actor,
                project=funded.project,
                kind=ReportKind.INTERIM,
                period_start=timezone.localdate(),
                period_end=timezone.localdate(),
            )
    assert not MonitoringReport.objects.exists()


# -- the lead body's edits --------------------------------------------------------


def test_update_saves_with_the_version_and_refuses_a_stale_one(funded):
    report = interim(funded)
    colleague = make_user(
        Role.ORGANISATION_REPRESENTATIVE,
        organisation=funded.team.lead,
        full_name="Anna Bianchi",
    )
    services.report_update(
        actor=colleague,
        report=report,
        version=1,
        data={"activities": "Sportello aperto."},
    )

    with pytest.raises(ApplicationError, match="Anna Bianchi ha salvato"):
        services.report_update(
            actor=funded.lead_rep,
            report=report,
            version=1,
            data={"activities": "Altro testo."},
        )

    report.refresh_from_db()
    assert (report.version, report.activities) == (2, "Sportello aperto.")
    assert events(report) == ["report.create", "report.update"]


def test_update_refuses_a_period_ending_before_it_starts(funded):
    report = interim(funded)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as refused:
        services.report_update(
            actor=funded.lead_rep,
            report=report,
            version=1,
            data={"period_start": today, "period_end": today - timedelta(days=1)},
        )

    assert "period_end" in refused.value.message_dict
    report.refresh_from_db()
    assert report.version == 1


def test_reach_rows_are_checked_and_replaced(funded):
    report = interim(funded)
    other_period_area = InterventionArea.objects.exclude(
        period=funded.project.period
    ).first()
    area = InterventionArea.objects.filter(period=funded.project.period).first()
    assert area is not None
    bad_rows: list[figure_services.ReachRow] = [
        {"kind": "workers", "area": None, "reached": 10, "women": 8, "men": 5},
        {
            "kind": "firms",
            "area": other_period_area,
            "reached": 3,
            "women": None,
            "men": None,
        },
        {"kind": "families", "area": area, "reached": 2, "women": None, "men": None},
        {"kind": "families", "area": area, "reached": 4, "women": None, "men": None},
    ]
    if other_period_area is None:  # the reference data has a single period
        bad_rows.pop(1)

    with pytest.raises(ValidationError) as refused:
        figure_services.report_reach_save(
            actor=funded.lead_rep, report=report, rows=bad_rows
        )

    text = " ".join(refused.value.messages)
    assert "Riga 1" in text
    assert "superano i raggiunti" in text
    assert "già indicati in un'altra riga" in text
    assert list(report.reach.values_list("kind", "reached")) == [("workers", 0)]

    figure_services.report_reach_save(
        actor=funded.lead_rep,
        report=report,
        rows=[{"kind": "families", "area": area, "reached": 4, "women": 3, "men": 1}],
    )
    assert list(report.reach.values_list("kind", "area", "reached")) == [
        ("families", area.pk, 4)
    ]
    assert events(report)[-1] == "report.reach_save"


def test_indicator_values_only_of_the_report_itself(funded):
    report = interim(funded)
    other = started(signed_project(ats_slug="brescia"))
    stranger = interim(other).indicator_values.get()

    with pytest.raises(ValidationError, match="non appartiene"):
        figure_services.report_indicators_save(
            actor=funded.lead_rep,
            report=report,
            values=[{"pk": stranger.pk, "value": Decimal(5), "note": ""}],
        )
    stranger.refresh_from_db()
    assert stranger.value is None

    own = report.indicator_values.get()
    figure_services.report_indicators_save(
        actor=funded.lead_rep,
        report=report,
        values=[{"pk": own.pk, "value": Decimal("12.5"), "note": "stima"}],
    )
    own.refresh_from_db()
    assert (own.value, own.note) == (Decimal("12.50"), "stima")
    event = last_event(report)
    assert event.verb == "report.indicators_save"
    assert event.changes == {"Lavoratori raggiunti": [None, "12.5"]}


def test_attachments_are_private_documents_of_the_ats(funded):
    report = interim(funded)

    with pytest.raises(ValidationError) as refused:
        services.report_attachment_add(
            actor=funded.lead_rep,
            report=report,
            file=SimpleUploadedFile(
                "nota.pdf", b"not a pdf", content_type="application/pdf"
            ),
            description="",
        )
    assert set(refused.value.message_dict) == {"file", "description"}
    assert not report.attachments.exists()

    attachment = services.report_attachment_add(
        actor=funded.lead_rep,
        report=report,
        file=pdf(),
        description="Registro presenze",
    )
    document = attachment.document
    assert (document.kind, document.is_public, document.ats) == (
        DocumentKind.REPORT,
        False,
        funded.project.ats,
    )
    services.report_attachment_remove(actor=funded.lead_rep, attachment=attachment)
    assert not report.attachments.exists()
    assert events(report)[-2:] == ["report.attachment_add", "report.attachment_remove"]


def test_only_the_lead_body_edits_and_only_while_open(funded):
    report = interim(funded)
    for actor in (funded.officer, funded.team.partner_rep):
        with pytest.raises(PermissionDenied):
            services.report_update(
                actor=actor, report=report, version=1, data={"narrative": "x"}
            )

    report = submitted(funded, report)
    with pytest.raises(ApplicationError, match="non può più essere modificata"):
        services.report_update(
            actor=funded.lead_rep,
            report=report,
            version=report.version,
            data={"narrative": "altro"},
        )


# -- submission ------------------------------------------------------------------


def test_submit_lists_what_is_missing(funded):
    report = interim(funded)

    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=funded.lead_rep, report=report)

    assert refused.value.messages == [
        "Descrivere le attività realizzate.",
        "Scrivere la relazione sull'andamento del progetto.",
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_final_report_needs_its_reach_and_every_indicator(funded):
    completed(funded)
    report = final(funded)
    services.report_update(
        actor=funded.lead_rep,
        report=report,
        version=1,
        data={"activities": "Attività svolte.", "narrative": "Relazione."},
    )

    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=funded.lead_rep, report=report)

    text = " ".join(refused.value.messages)
    assert "destinatari effettivamente raggiunti" in text
    assert "Lavoratori raggiunti" in text


def test_submit_records_who_and_when_and_writes_to_lead_and_officers(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    report = fill(interim(funded), funded.lead_rep)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(actor=funded.lead_rep, report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == funded.lead_rep
    assert report.submitted_at is not None
    assert not report.is_late
    assert events(report)[-1] == "report.submit"
    recipients = [set(message.to) for message in mailoutbox]
    assert any(funded.lead_rep.email in to for to in recipients)
    assert any(funded.officer.email in to for to in recipients)
    assert all(funded.project.code in message.subject for message in mailoutbox)


# -- the ATS's decision ------------------------------------------------------------


def test_request_changes_needs_a_note_and_tells_the_lead_body(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    report = submitted(funded)

    with pytest.raises(ValidationError) as refused:
        review_services.report_request_changes(
            actor=funded.officer, report=report, note=" "
        )
    assert "note" in refused.value.message_dict

    with django_capture_on_commit_callbacks(execute=True):
        review_services.report_request_changes(
            actor=funded.officer, report=report, note="Allegare il registro presenze."
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.CHANGES_REQUESTED
    assert report.officer_note == "Allegare il registro presenze."
    (message,) = mailoutbox
    assert funded.lead_rep.email in message.to
    assert "Allegare il registro presenze." in message.body
    # the lead body changes it and sends it again
    services.report_update(
        actor=funded.lead_rep,
        report=report,
        version=report.version,
        data={"narrative": "Con il registro."},
    )
    services.report_submit(actor=funded.lead_rep, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_accept_and_reopen_with_a_reason(funded):
    report = submitted(funded)
    review_services.report_accept(actor=funded.officer, report=report, note="Completa.")
    report.refresh_from_db()
    assert (report.status, report.decided_by) == (ReportStatus.ACCEPTED, funded.officer)

    with pytest.raises(ValidationError) as refused:
        review_services.report_reopen(actor=funded.officer, report=report, reason="")
    assert "reason" in refused.value.message_dict

    review_services.report_reopen(
        actor=funded.officer, report=report, reason="Dati dei destinatari da rivedere."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    event = last_event(report)
    assert (event.verb, event.from_state, event.to_state, event.note) == (
        "report.reopen",
        "accepted",
        "submitted",
        "Dati dei destinatari da rivedere.",
    )


def test_reopen_is_refused_once_the_balance_is_paid(funded):
    report = submitted(funded)
    review_services.report_accept(actor=funded.officer, report=report)
    Project.objects.filter(pk=funded.project.pk).update(
        status=ProjectStatus.BALANCE_PAID
    )

    with pytest.raises(ApplicationError, match="Saldo erogato"):
        review_services.report_reopen(
            actor=funded.officer, report=report, reason="Errore."
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_only_the_ats_officers_decide(funded):
    report = submitted(funded)
    brescia_officer = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    for actor in (funded.lead_rep, brescia_officer):
        with pytest.raises(PermissionDenied):
            review_services.report_accept(actor=actor, report=report)
    review_services.report_accept(actor=funded.officer, report=report)
    with pytest.raises(ApplicationError):  # already accepted
        review_services.report_accept(actor=funded.officer, report=report)
    with pytest.raises(ApplicationError):
        review_services.report_request_changes(
            actor=funded.officer, report=report, note="x"
        )


def test_the_final_report_and_statement_make_the_project_reported(funded):
    completed(funded)
    report = submitted(funded, final(funded))
    today = timezone.localdate()
    ExpenditureStatement.objects.create(
        project=funded.project,
        ats=funded.project.ats,
        kind=StatementKind.FINAL,
        number=1,
        period_start=today,
        period_end=today,
        status=StatementStatus.CHECKED,
        submitted_at=timezone.now(),
        submitted_by=funded.lead_rep,
        checked_at=timezone.now(),
        checked_by=funded.officer,
        created_by=funded.lead_rep,
    )

    review_services.report_accept(actor=funded.officer, report=report)
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.REPORTED

    review_services.report_reopen(
        actor=funded.officer, report=report, reason="Rivedere."
    )
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.COMPLETED
