"""The officers' list of overdue reports: past deadlines without a report
with the ATS, and reports submitted late; another ATS's hidden, the Region
filters by ATS; the query count does not grow with the rows."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.monitoring.models import MonitoringReport
from conciliare.monitoring.report_selectors import report_overdue_list
from conciliare.monitoring.tests.factories import (
    Funded,
    regional_officer,
    signed_project,
)
from conciliare.monitoring.tests.test_report_services import (
    interim,
    started,
    submitted,
)
from conciliare.plans.models import AgreementDeadline, DeadlineKind
from conciliare.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db

OVERDUE = reverse("monitoring:overdue")


def past(deadlines, days: int = 10) -> None:
    """Move ``deadlines`` to ``days`` ago."""
    AgreementDeadline.objects.filter(pk__in=[d.pk for d in deadlines]).update(
        due_on=timezone.localdate() - timedelta(days=days)
    )


def interim_deadline(funded: Funded) -> AgreementDeadline:
    return funded.agreement.deadlines.get(kind=DeadlineKind.INTERIM_REPORT)


@pytest.fixture
def funded():
    return started(signed_project(grants=("45000.00", "30000.00", "20000.00")))


def test_the_list_shows_what_is_late_and_why(client, sign_in, funded):
    deadline = interim_deadline(funded)
    report = interim(funded)  # in writing
    past([deadline], days=12)
    other_project = Project.objects.exclude(pk=funded.project.pk).order_by("code")
    not_started = AgreementDeadline.objects.get(
        agreement__project=other_project[0], kind=DeadlineKind.INTERIM_REPORT
    )
    past([not_started], days=3)
    revoked = AgreementDeadline.objects.get(
        agreement__project=other_project[1], kind=DeadlineKind.INTERIM_REPORT
    )
    past([revoked], days=3)
    Project.objects.filter(pk=other_project[1].pk).update(status=ProjectStatus.REVOKED)
    sign_in(funded.officer)

    response = client.get(OVERDUE)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    rows = html.split('class="overdue-row"')[1:]
    assert len(rows) == 2  # the revoked project owes nothing
    assert funded.project.code in rows[0]
    assert "In compilazione" in rows[0]
    assert '<td class="text-end days-late">12</td>' in rows[0]
    assert (
        reverse(
            "monitoring:report-detail",
            kwargs={"code": funded.project.code, "pk": report.pk},
        )
        in rows[0]
    )
    assert other_project[0].code in rows[1]
    assert "Non avviata" in rows[1]
    assert funded.team.lead.legal_name in rows[0]


def test_a_report_submitted_late_stays_on_the_list(client, sign_in, funded):
    report = submitted(funded)
    deadline = interim_deadline(funded)
    past([deadline], days=5)
    MonitoringReport.objects.filter(pk=report.pk).update(
        due_on=timezone.localdate() - timedelta(days=5)
    )
    sign_in(funded.officer)

    html = client.get(OVERDUE).content.decode()

    assert "Inviata in ritardo" in html
    assert '<td class="text-end days-late">5</td>' in html


def test_a_report_sent_in_time_is_not_late(funded):
    submitted(funded)
    deadline = interim_deadline(funded)
    today = deadline.due_on + timedelta(days=1)  # it passed after the submission

    rows = report_overdue_list(user=funded.officer, today=today)

    assert deadline not in rows


def test_another_ats_is_hidden_and_the_region_filters(client, sign_in, funded):
    past(AgreementDeadline.objects.filter(kind=DeadlineKind.INTERIM_REPORT))
    brescia = signed_project(ats_slug="brescia")
    past(brescia.agreement.deadlines.filter(kind=DeadlineKind.INTERIM_REPORT))

    sign_in(make_user(Role.ATS_OFFICER, ats=ats("brescia")))
    html = client.get(OVERDUE).content.decode()
    assert brescia.project.code in html
    assert funded.project.code not in html
    assert 'id="overdue-filter"' not in html

    sign_in(regional_officer())
    everything = client.get(OVERDUE).content.decode()
    assert brescia.project.code in everything
    assert funded.project.code in everything
    milano = client.get(OVERDUE, {"ats": ats("milano").pk}).content.decode()
    assert funded.project.code in milano
    assert brescia.project.code not in milano


def test_only_officers_see_the_list(client, sign_in, funded):
    for user in (
        funded.lead_rep,
        make_user(Role.COMMITTEE_MEMBER, ats=ats("milano")),
        make_user(),
    ):
        sign_in(user)
        assert client.get(OVERDUE).status_code == HTTPStatus.FORBIDDEN


def test_the_query_count_does_not_grow_with_the_rows(
    client, sign_in, funded, django_assert_num_queries
):
    sign_in(funded.officer)
    past([interim_deadline(funded)])
    with CaptureQueriesContext(connection) as one_row:
        first = client.get(OVERDUE)
    assert first.content.decode().count('class="overdue-row"') == 1

    past(AgreementDeadline.objects.all())
    with django_assert_num_queries(len(one_row)):
        response = client.get(OVERDUE)

    assert response.content.decode().count('class="overdue-row"') == 6
