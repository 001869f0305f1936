"""The monitoring pages of the funded projects: the list with each
project's figures (constant queries), one project's page with the forms of
whoever may act, the start and the end of the activities, and who sees
what (404 outside one's ATS or alliance)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import BeneficiaryKind
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.monitoring.figures import project_figures_annotate
from conciliare.monitoring.models import (
    MonitoringReport,
    PaymentKind,
    ReportKind,
    ReportReach,
    ReportStatus,
    StatementStatus,
)
from conciliare.monitoring.payment_services import payment_record
from conciliare.monitoring.project_services import project_start
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.monitoring.tests.test_payment_services import (
    advance_paid,
    statement_checked,
)
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

LIST = reverse("monitoring:project-list")


def _detail(project):
    return reverse("monitoring:project-detail", args=[project.code])


def _report(funded, *, status, period_end, reached=(), due_on=None, deadline=None):
    now = timezone.now()
    sent = status != ReportStatus.DRAFT
    report = MonitoringReport.objects.create(
        project=funded.project,
        ats=funded.project.ats,
        deadline=deadline,
        kind=ReportKind.INTERIM,
        due_on=due_on,
        period_start=period_end - timedelta(days=60),
        period_end=period_end,
        status=status,
        submitted_at=now if sent else None,
        submitted_by=funded.lead_rep if sent else None,
        decided_at=now if status == ReportStatus.ACCEPTED else None,
        decided_by=funded.officer if status == ReportStatus.ACCEPTED else None,
        created_by=funded.lead_rep,
    )
    for kind, number in reached:
        ReportReach.objects.create(report=report, kind=kind, reached=number)
    return report


def _route(name, *args):
    """The address of a page of the other parts of the monitoring."""
    return reverse(name, args=args)


# -- the figures ----------------------------------------------------------------------


def test_the_figures_are_summed_by_the_database_per_project():
    # given
    funded = signed_project()
    today = timezone.localdate()
    advance_paid(funded)
    statement_checked(funded, expenses=(("1000.00", "800.00"), ("500.10", "500.10")))
    statement_checked(
        funded, expenses=(("300.00", None),), status=StatementStatus.SUBMITTED
    )
    statement_checked(funded, expenses=(("99.00", None),), status="draft")
    _report(
        funded,
        status=ReportStatus.ACCEPTED,
        period_end=today - timedelta(days=100),
        reached=((BeneficiaryKind.WORKERS, 5),),
    )
    _report(
        funded,
        status=ReportStatus.ACCEPTED,
        period_end=today - timedelta(days=10),
        reached=((BeneficiaryKind.WORKERS, 12), (BeneficiaryKind.FAMILIES, 7)),
    )
    _report(
        funded,
        status=ReportStatus.SUBMITTED,
        period_end=today,
        reached=((BeneficiaryKind.WORKERS, 40),),
    )
    _report(  # unsent past its due date: late
        funded,
        status=ReportStatus.DRAFT,
        period_end=today,
        due_on=today - timedelta(days=1),
    )

    # when
    project = project_figures_annotate(
        Project.objects.filter(pk=funded.project.pk)
    ).get()

    # then
    assert project.grant == Decimal("45000.00")
    assert project.declared == Decimal("1800.10")  # checked + submitted, no draft
    assert project.eligible == Decimal("1300.10")
    assert project.paid == Decimal("22500.00")
    assert project.recovered == 0
    assert project.to_recover == 0
    assert project.reached == 19  # the latest accepted report only
    assert project.reports_late == 1
    assert (
        project.next_deadline == funded.agreement.deadlines.order_by("due_on")[0].due_on
    )


def test_a_project_without_anything_has_zero_figures():
    funded = signed_project()

    project = project_figures_annotate(
        Project.objects.filter(pk=funded.project.pk)
    ).get()

    assert (project.declared, project.eligible, project.paid, project.reached) == (
        0,
        0,
        0,
        0,
    )
    assert project.reports_late == 0


def test_a_deadline_past_without_a_report_is_late_and_a_met_one_is_not_next():
    funded = signed_project()
    interim, final = funded.agreement.deadlines.order_by("due_on")
    interim.due_on = timezone.localdate() - timedelta(days=3)
    interim.save(update_fields=["due_on"])

    project = project_figures_annotate(
        Project.objects.filter(pk=funded.project.pk)
    ).get()
    assert project.reports_late == 1
    assert project.next_deadline == interim.due_on

    _report(
        funded,
        status=ReportStatus.SUBMITTED,
        period_end=timezone.localdate(),
        due_on=interim.due_on,
        deadline=interim,
    )  # sent today, after its due date: still late, no longer next
    project = project_figures_annotate(
        Project.objects.filter(pk=funded.project.pk)
    ).get()
    assert project.reports_late == 1
    assert project.next_deadline == final.due_on


# -- the list -------------------------------------------------------------------------


def test_an_officer_lists_the_projects_of_the_ats_with_their_figures(client, sign_in):
    funded = signed_project(grants=("45000.00", "30000.00"))
    other = signed_project(ats_slug="brianza")
    advance_paid(funded)
    sign_in(funded.officer)

    response = client.get(LIST)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="project-321-2020-01"' in content
    assert 'id="project-321-2020-02"' in content
    assert other.project.code not in content
    assert "22.500,00" in content  # paid
    assert "45.000,00" in content  # grant
    assert 'id="id_ats"' not in content  # one ATS: no ATS filter


def test_the_list_filters_by_status_and_reports_a_wrong_filter(client, sign_in):
    funded = signed_project(grants=("45000.00", "30000.00"))
    Project.objects.filter(pk=funded.project.pk).update(
        status=ProjectStatus.IN_PROGRESS
    )
    sign_in(funded.officer)

    filtered = client.get(LIST, {"status": ProjectStatus.IN_PROGRESS}).content.decode()
    assert 'id="project-321-2020-01"' in filtered
    assert 'id="project-321-2020-02"' not in filtered

    wrong = client.get(LIST, {"status": "lost", "period": "nope"})
    content = wrong.content.decode()
    assert wrong.status_code == 200
    assert 'id="id_status_error"' in content
    assert 'id="id_period_error"' in content
    assert 'id="project-321-2020-02"' in content  # ignored: everything listed


def test_the_region_lists_every_ats_and_filters_by_ats(client, sign_in):
    milano = signed_project()
    brianza = signed_project(ats_slug="brianza")
    sign_in(regional_officer())

    everything = client.get(LIST).content.decode()
    assert milano.project.code in everything
    assert brianza.project.code in everything
    assert 'id="id_ats"' in everything

    one = client.get(LIST, {"ats": "brianza"}).content.decode()
    assert brianza.project.code in one
    assert milano.project.code not in one


def test_a_lead_body_lists_its_own_projects_and_a_partner_none(client, sign_in):
    funded = signed_project(grants=("45000.00", "30000.00"))
    sign_in(funded.lead_rep)

    own = client.get(LIST).content.decode()
    assert 'id="project-321-2020-01"' in own
    assert 'id="project-321-2020-02"' not in own

    sign_in(funded.team.partner_rep)
    partner = client.get(LIST).content.decode()
    assert 'id="projects-empty"' in partner


def _queries(client, url):
    """The page's queries with its figures summed afresh (as after a change:
    rows written here by the ORM do not invalidate the cached sums)."""
    public_cache_invalidate()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_list_is_read_in_a_constant_number_of_queries(client, sign_in):
    small = signed_project()
    large = signed_project(
        grants=("45000.00", "30000.00", "20000.00", "15000.00"), ats_slug="brianza"
    )
    for index in range(4):
        project = large.setup.projects[index]
        payment_record(
            actor=large.officer,
            project=project,
            kind=PaymentKind.ADVANCE,
            act_number=f"LIQ-{index}",
            act_date=timezone.localdate(),
            paid_on=timezone.localdate(),
        )

    sign_in(small.officer)
    few, _content = _queries(client, LIST)
    sign_in(large.officer)
    many, content = _queries(client, LIST)

    assert content.count('<tr id="project-') == 4
    assert many == few


# -- one project's page ---------------------------------------------------------------


def test_the_officer_reads_the_page_with_the_payment_forms(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)

    response = client.get(_detail(funded.project))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="project-status">Convenzione sottoscritta<' in content
    assert funded.agreement.number in content
    assert 'id="payment-advance"' in content
    assert 'value="22500,00"' in content  # the schedule's advance, filled in
    assert 'id="revoke"' in content
    assert 'id="start-form"' in content  # the officer may declare the start
    assert 'id="payment-balance"' not in content  # not reported yet
    assert "Convenzione sottoscritta" in content  # in the history


def test_a_committee_member_reads_the_page_without_any_form(client, sign_in):
    funded = signed_project()
    advance_paid(funded)
    sign_in(make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats))

    response = client.get(_detail(funded.project))

    content = response.content.decode()
    assert response.status_code == 200
    assert "22.500,00" in content
    assert '<form method="post"' not in content
    assert "Pagamento registrato" in content


def test_the_region_reads_any_project_without_forms(client, sign_in):
    funded = signed_project(ats_slug="brianza")
    sign_in(regional_officer())

    response = client.get(_detail(funded.project))

    assert response.status_code == 200
    assert '<form method="post"' not in response.content.decode()


@pytest.mark.parametrize("who", ["other_officer", "partner", "other_lead", "citizen"])
def test_a_project_outside_ones_reach_is_404(client, sign_in, who):
    funded = signed_project(grants=("45000.00", "30000.00"))
    user = {
        "other_officer": lambda: make_user(
            Role.ATS_OFFICER, ats=ATS.objects.get(slug="brianza")
        ),
        "partner": lambda: funded.team.partner_rep,
        "other_lead": lambda: funded.setup.teams[1].lead_rep,
        "citizen": lambda: make_user(),
    }[who]()
    sign_in(user)

    assert client.get(_detail(funded.project)).status_code == 404
    assert funded.project.code not in client.get(LIST).content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    funded = signed_project()

    response = client.get(_detail(funded.project))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_page_is_read_in_a_constant_number_of_queries(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)
    few, _content = _queries(client, _detail(funded.project))

    advance_paid(funded)
    for _ in range(3):
        statement_checked(funded, expenses=(("100.00", "100.00"), ("5.00", "0")))
    for days in (30, 20, 10):
        _report(
            funded,
            status=ReportStatus.ACCEPTED,
            period_end=timezone.localdate() - timedelta(days=days),
            reached=((BeneficiaryKind.WORKERS, days),),
        )
    many, content = _queries(client, _detail(funded.project))

    assert content.count("Rendiconto finale n.") == 3
    assert many == few
    assert many <= 30


def test_the_page_shows_the_balance_computation_once_reported(client, sign_in):
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded, expenses=(("50000.01", "50000.01"),))
    Project.objects.filter(pk=funded.project.pk).update(status=ProjectStatus.REPORTED)
    sign_in(funded.officer)

    content = client.get(_detail(funded.project)).content.decode()

    assert 'id="balance-computation"' in content
    assert 'id="balance-amount"><strong>€ 12.500,00' in content
    assert "35.000,00" in content  # the ceiling: 70% of the eligible
    assert "10.000,00" in content  # the reduction
    assert 'value="12500,00"' in content


# -- start and end of the activities ---------------------------------------------------


def test_the_lead_declares_the_start_and_a_wrong_date_is_shown_beside_it(
    client, sign_in
):
    funded = signed_project()
    sign_in(funded.lead_rep)
    url = reverse("monitoring:project-start", args=[funded.project.code])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    empty = client.post(url, {"start-started_on": ""})
    assert empty.status_code == 400
    assert 'id="id_start-started_on_error"' in empty.content.decode()

    future = client.post(url, {"start-started_on": tomorrow})
    assert future.status_code == 400
    content = future.content.decode()
    assert "nel futuro" in content
    assert f'value="{tomorrow}"' in content  # what was typed is kept
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.AGREEMENT_SIGNED

    done = client.post(
        url, {"start-started_on": timezone.localdate().isoformat()}, follow=True
    )
    assert 'id="project-status">In corso<' in done.content.decode()
    assert "Avvio delle attività" in done.content.decode()  # in the history
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.IN_PROGRESS


def test_the_officer_declares_the_end(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("monitoring:project-start", args=[funded.project.code]),
        {"start-started_on": today},
    )

    response = client.post(
        reverse("monitoring:project-complete", args=[funded.project.code]),
        {"complete-ended_on": today},
    )

    assert response.status_code == 302
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.COMPLETED


def test_a_committee_member_may_not_declare_the_start(client, sign_in):
    funded = signed_project()
    sign_in(make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats))

    response = client.post(
        reverse("monitoring:project-start", args=[funded.project.code]),
        {"start-started_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 403
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.AGREEMENT_SIGNED


# -- links to the reports and statements (the other parts of the monitoring) -----------


def test_the_lead_starts_a_report_from_its_deadline(client, sign_in):
    # given a project whose activities have started
    funded = signed_project()
    create = _route("monitoring:report-create", funded.project.code)
    interim, final = funded.agreement.deadlines.order_by("due_on")
    sign_in(funded.lead_rep)
    before = client.get(_detail(funded.project)).content.decode()
    project_start(
        actor=funded.lead_rep,
        project=funded.project,
        started_on=timezone.localdate(),
    )

    content = client.get(_detail(funded.project)).content.decode()

    # before the start no report could be started; now the interim can,
    # the final one only once the activities end
    assert f'action="{create}"' not in before
    assert f'action="{create}"' in content
    assert f'name="deadline" value="{interim.pk}"' in content
    assert 'name="kind" value="interim"' in content
    assert f'name="deadline" value="{final.pk}"' not in content


def test_the_lead_starts_a_statement_from_the_page(client, sign_in):
    funded = signed_project()
    create = _route("monitoring:statement-create", funded.project.code)
    sign_in(funded.lead_rep)
    before = client.get(_detail(funded.project)).content.decode()
    project_start(
        actor=funded.lead_rep,
        project=funded.project,
        started_on=timezone.localdate(),
    )

    content = client.get(_detail(funded.project)).content.decode()

    assert f'action="{create}"' not in before
    assert f'action="{create}"' in content
    assert 'name="period_start"' in content
    assert 'id="id_statement_kind"' in content


def test_the_officer_has_no_report_or_statement_forms(client, sign_in):
    funded = signed_project()
    sign_in(funded.officer)

    content = client.get(_detail(funded.project)).content.decode()

    assert 'name="deadline"' not in content
    assert 'id="statement-form"' not in content


def test_the_history_links_the_reports(client, sign_in):
    from conciliare.audit.services import event_record

    funded = signed_project()
    report = _report(
        funded, status=ReportStatus.SUBMITTED, period_end=timezone.localdate()
    )
    event_record(actor=funded.lead_rep, verb="report.submit", target=report)
    url = _route("monitoring:report-detail", funded.project.code, report.pk)
    sign_in(funded.officer)

    content = client.get(_detail(funded.project)).content.decode()

    assert f'<a href="{url}">Relazione inviata</a>' in content


# -- the links to these pages -------------------------------------------------------------


def test_the_reserved_area_and_the_agreement_link_the_monitoring(client, sign_in):
    funded = signed_project()
    sign_in(funded.lead_rep)

    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'href="{LIST}"' in dashboard
    agreement = client.get(
        reverse("agreements:agreement-detail", args=[funded.agreement.pk])
    ).content.decode()
    assert f'href="{_detail(funded.project)}"' in agreement

    sign_in(funded.team.partner_rep)
    assert (
        f'href="{LIST}"' in client.get(reverse("accounts:dashboard")).content.decode()
    )


# -- the history ------------------------------------------------------------------------


def test_the_history_is_one_list_newest_first_with_the_deadlines(
    django_assert_num_queries,
):
    from conciliare.monitoring.payment_services import project_revoke, recovery_record
    from conciliare.monitoring.timeline import project_timeline

    # given: a payment, a revocation and a recovery after the signature
    funded = signed_project()
    other = signed_project(ats_slug="brianza")
    advance_paid(funded)
    advance_paid(other)
    project_revoke(
        actor=funded.officer,
        project=funded.project,
        act_number="REV-1",
        act_date=timezone.localdate(),
        reason="Attività mai avviate.",
    )
    recovery_record(
        actor=funded.officer,
        project=funded.project,
        amount=Decimal("100.00"),
        received_on=timezone.localdate(),
        reference="Reversale 1",
    )
    deadlines = list(funded.agreement.deadlines.order_by("due_on"))

    # when: the events in one query (the content types are cached)
    project_timeline(funded.project, deadlines=deadlines)
    with django_assert_num_queries(1):
        entries = project_timeline(funded.project, deadlines=deadlines)

    # then
    labels = [entry.label for entry in entries]
    assert labels[:2] == [d.get_kind_display() for d in reversed(deadlines)]
    assert all(entry.is_upcoming for entry in entries[:2])
    assert labels[2:] == [
        "Recupero incassato",
        "Contributo revocato",
        "Pagamento registrato",
        "Convenzione sottoscritta",
        "Sottoscrizione della convenzione registrata",
        "Convenzione predisposta",
    ]
    moments = [entry.moment for entry in entries]
    assert moments == sorted(moments, reverse=True)
    assert entries[3].actor == funded.officer


def test_the_history_counts_the_same_action_repeated_on_one_object():
    from conciliare.monitoring.models import ExpenditureStatement, StatementKind
    from conciliare.monitoring.timeline import project_timeline

    # given three expenses added to one statement, then the statement sent
    funded = signed_project()
    statement = ExpenditureStatement.objects.create(
        project=funded.project,
        ats=funded.project.ats,
        kind=StatementKind.INTERIM,
        number=1,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        created_by=funded.lead_rep,
    )
    for name in ("fattura-1.pdf", "fattura-2.pdf", "fattura-3.pdf"):
        event_record(
            actor=funded.lead_rep,
            verb="statement.expense_add",
            target=statement,
            note=name,
        )
    event_record(actor=funded.lead_rep, verb="statement.submit", target=statement)

    # when
    events = [e for e in project_timeline(funded.project) if not e.is_deadline]

    # then one line for the three additions, under the submission
    assert [(e.label, e.count) for e in events[:2]] == [
        ("Rendiconto inviato", 1),
        ("Spesa aggiunta al rendiconto", 3),
    ]
    assert events[1].note == "fattura-3.pdf"


def test_the_page_shows_the_newest_history_and_links_the_whole(client, sign_in):
    from conciliare.monitoring.project_views import HISTORY_LIMIT

    # given more events than the page shows, each a different action
    funded = signed_project()
    for number in range(HISTORY_LIMIT + 5):
        event_record(
            actor=funded.officer,
            verb=f"project.note_{number}",
            target=funded.project,
            note=f"nota {number}",
        )
    sign_in(funded.officer)

    # when the officer opens the page, then the whole history
    page = client.get(_detail(funded.project)).content.decode()
    whole = client.get(_detail(funded.project) + "?storia=completa").content.decode()

    # then the page has the newest and a link to the rest
    assert f"nota {HISTORY_LIMIT + 4}<" in page
    assert "nota 0<" not in page
    assert 'id="history-all"' in page
    assert "nota 0<" in whole
    assert 'id="history-all"' not in whole


def test_the_officers_list_links_the_overdue_reports(client, sign_in):
    funded = signed_project()
    overdue = reverse("monitoring:overdue")

    sign_in(funded.officer)
    officer_page = client.get(LIST).content.decode()
    sign_in(funded.lead_rep)
    lead_page = client.get(LIST).content.decode()

    assert f'href="{overdue}"' in officer_page
    assert f'href="{overdue}"' not in lead_page
