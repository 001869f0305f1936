"""The report pages: the lead body fills in and submits its report, bad
input comes back (400) with the message beside the field and nothing
saved; the ATS's officer accepts, asks for changes and reopens; everyone
else is refused or never learns the report exists."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.tests.factories import PDF
from conciliare.monitoring import report_figure_services as figure_services
from conciliare.monitoring import report_review_services as review_services
from conciliare.monitoring import report_services as services
from conciliare.monitoring.models import MonitoringReport, ReportStatus
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.monitoring.tests.test_report_services import (
    fill,
    interim,
    started,
    submitted,
)
from conciliare.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


def url(report: MonitoringReport, name: str = "report-detail") -> str:
    return reverse(
        f"monitoring:{name}", kwargs={"code": report.project.code, "pk": report.pk}
    )


def general(report: MonitoringReport, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "version": report.version,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "activities": "Sportello aperto due giorni a settimana.",
        "narrative": "Il progetto procede.",
    }
    data.update(overrides)
    return data


def reach_data(rows: list[dict[str, object]], initial: int = 1) -> dict[str, object]:
    data: dict[str, object] = {
        "reach-TOTAL_FORMS": str(len(rows)),
        "reach-INITIAL_FORMS": str(initial),
        "reach-MIN_NUM_FORMS": "0",
        "reach-MAX_NUM_FORMS": "40",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"reach-{index}-{key}"] = value
    return data


@pytest.fixture
def funded():
    return started(signed_project())


@pytest.fixture
def report(funded):
    return interim(funded)


# -- the lead body -----------------------------------------------------------------


def test_the_lead_body_sees_its_report_as_a_form(client, sign_in, funded, report):
    sign_in(funded.lead_rep)

    response = client.get(url(report))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for field in (
        'id="id_activities"',
        'id="id_reach-0-reached"',
        'id="id_indicators-0-value"',
        'id="id_file"',
    ):
        assert field in html
    assert 'id="report-missing"' in html
    assert "Lavoratori raggiunti" in html
    assert 'id="decision"' not in html


def test_the_lead_body_saves_the_general_section(client, sign_in, funded, report):
    sign_in(funded.lead_rep)

    response = client.post(url(report), general(report))

    assert response.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.activities == "Sportello aperto due giorni a settimana."
    assert report.version == 2


def test_a_period_ending_before_it_starts_comes_back_beside_the_field(
    client, sign_in, funded, report
):
    sign_in(funded.lead_rep)
    yesterday = report.period_start - timezone.timedelta(days=1)

    response = client.post(
        url(report), general(report, period_end=yesterday.isoformat())
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert 'id="id_period_end_error"' in html
    assert "non può precedere il suo inizio" in html
    assert "Sportello aperto due giorni a settimana." in html  # kept as typed
    report.refresh_from_db()
    assert (report.version, report.activities) == (1, "")


def test_a_stale_version_is_refused_with_who_saved(client, sign_in, funded, report):
    services.report_update(
        actor=funded.lead_rep, report=report, version=1, data={"narrative": "Prima."}
    )
    sign_in(funded.lead_rep)

    response = client.post(url(report), general(report, version=1))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "ha salvato questa relazione" in response.content.decode()
    report.refresh_from_db()
    assert report.narrative == "Prima."


def test_reach_rows_save_and_bad_rows_come_back(client, sign_in, funded, report):
    sign_in(funded.lead_rep)

    too_many = client.post(
        url(report, "report-reach"),
        reach_data([{"kind": "workers", "reached": "10", "women": "8", "men": "5"}]),
    )
    assert too_many.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_reach-0-reached_error"' in too_many.content.decode()
    assert list(report.reach.values_list("reached", flat=True)) == [0]

    more = client.post(
        url(report, "report-reach"),
        {
            **reach_data(
                [{"kind": "workers", "reached": "40", "women": "25", "men": "15"}]
            ),
            "add_row": "1",
        },
    )
    assert more.status_code == HTTPStatus.OK
    assert 'id="id_reach-1-kind"' in more.content.decode()

    saved = client.post(
        url(report, "report-reach"),
        reach_data(
            [
                {"kind": "workers", "reached": "40", "women": "25", "men": "15"},
                {"kind": "families", "reached": "12"},
            ]
        ),
    )
    assert saved.status_code == HTTPStatus.FOUND
    assert sorted(report.reach.values_list("kind", "reached")) == [
        ("families", 12),
        ("workers", 40),
    ]


def test_indicator_values_save_and_a_word_comes_back(client, sign_in, funded, report):
    sign_in(funded.lead_rep)
    row = report.indicator_values.get()
    data = {
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "1",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "100",
        "indicators-0-pk": str(row.pk),
        "indicators-0-value": "molti",
        "indicators-0-note": "",
    }

    bad = client.post(url(report, "report-indicators"), data)
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_indicators-0-value_error"' in bad.content.decode()

    good = client.post(
        url(report, "report-indicators"), {**data, "indicators-0-value": "45,5"}
    )
    assert good.status_code == HTTPStatus.FOUND
    row.refresh_from_db()
    assert str(row.value) == "45.50"


def test_an_attachment_needs_its_file(client, sign_in, funded, report):
    sign_in(funded.lead_rep)

    missing = client.post(
        url(report, "report-attachment-add"), {"description": "Registro"}
    )
    assert missing.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_file_error"' in missing.content.decode()
    assert not report.attachments.exists()

    from django.core.files.uploadedfile import SimpleUploadedFile

    added = client.post(
        url(report, "report-attachment-add"),
        {
            "description": "Registro presenze",
            "file": SimpleUploadedFile("registro.pdf", PDF, "application/pdf"),
        },
    )
    assert added.status_code == HTTPStatus.FOUND
    attachment = report.attachments.get()
    page = client.get(url(report)).content.decode()
    assert reverse("documents:document-download", args=[attachment.document_id]) in page
    # the lead body downloads it
    download = client.get(
        reverse("documents:document-download", args=[attachment.document_id])
    )
    assert download.status_code == HTTPStatus.OK

    removed = client.post(
        reverse(
            "monitoring:report-attachment-remove",
            kwargs={
                "code": report.project.code,
                "pk": report.pk,
                "attachment_pk": attachment.pk,
            },
        )
    )
    assert removed.status_code == HTTPStatus.FOUND
    assert not report.attachments.exists()


def test_submit_lists_what_is_missing_then_sends(client, sign_in, funded, report):
    sign_in(funded.lead_rep)

    refused = client.post(url(report, "report-submit"))
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Descrivere le attività realizzate." in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    fill(report, funded.lead_rep)
    sent = client.post(url(report, "report-submit"))
    assert sent.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = client.get(url(report)).content.decode()
    assert 'id="id_activities"' not in page  # read-only now
    assert 'id="reach-totals"' in page


def test_a_submitted_report_is_no_longer_changed(client, sign_in, funded):
    report = submitted(funded)
    sign_in(funded.lead_rep)

    response = client.post(url(report), general(report, narrative="Altro."))

    assert response.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.narrative != "Altro."


def test_the_lead_body_starts_a_report(client, sign_in, funded):
    sign_in(funded.lead_rep)
    create = reverse("monitoring:report-create", kwargs={"code": funded.project.code})

    assert client.get(create).status_code == HTTPStatus.OK
    response = client.post(create, {"kind": "interim"})

    report = MonitoringReport.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url(report)
    assert report.deadline is not None


def test_a_report_of_a_project_not_started_is_refused_on_the_form(client, sign_in):
    funded = signed_project()
    sign_in(funded.lead_rep)
    create = reverse("monitoring:report-create", kwargs={"code": funded.project.code})

    response = client.post(create, {"kind": "interim"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_kind_error"' in response.content.decode()
    assert not MonitoringReport.objects.exists()


# -- who else ----------------------------------------------------------------------


def test_others_never_learn_the_report_exists(client, sign_in, funded, report):
    other_lead = signed_project(ats_slug="brescia").lead_rep
    strangers = [
        make_user(Role.ATS_OFFICER, ats=ats("brescia")),
        funded.team.partner_rep,
        other_lead,
        make_user(),
    ]
    for user in strangers:
        sign_in(user)
        assert client.get(url(report)).status_code == HTTPStatus.NOT_FOUND
        assert (
            client.post(url(report), general(report)).status_code
            == HTTPStatus.NOT_FOUND
        )
        create = reverse(
            "monitoring:report-create", kwargs={"code": funded.project.code}
        )
        assert client.post(create, {"kind": "interim"}).status_code == (
            HTTPStatus.NOT_FOUND
        )
    report.refresh_from_db()
    assert report.version == 1


def test_readers_see_the_report_but_do_not_edit_it(client, sign_in, funded, report):
    committee = make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))
    for user in (funded.officer, committee, regional_officer()):
        sign_in(user)
        page = client.get(url(report))
        assert page.status_code == HTTPStatus.OK
        assert 'id="id_activities"' not in page.content.decode()
        assert client.post(url(report), general(report)).status_code == (
            HTTPStatus.FORBIDDEN
        )
    sign_in(funded.lead_rep)
    assert client.post(
        url(report, "report-decide"), {"decision": "accept"}
    ).status_code == (HTTPStatus.FORBIDDEN)


# -- the ATS's officer ---------------------------------------------------------------


def test_the_officer_asks_for_changes_only_with_a_note(client, sign_in, funded):
    report = submitted(funded)
    sign_in(funded.officer)
    page = client.get(url(report)).content.decode()
    assert 'id="decision"' in page
    assert 'id="reach-totals"' in page

    empty = client.post(
        url(report, "report-decide"), {"decision": "changes", "note": ""}
    )
    assert empty.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_note_error"' in empty.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    sent_back = client.post(
        url(report, "report-decide"),
        {"decision": "changes", "note": "Allegare il registro."},
    )
    assert sent_back.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == ReportStatus.CHANGES_REQUESTED


def test_the_officer_accepts_and_reopens_with_a_reason(client, sign_in, funded):
    report = submitted(funded)
    sign_in(funded.officer)

    accepted = client.post(
        url(report, "report-decide"), {"decision": "accept", "note": ""}
    )
    assert accepted.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert 'id="reopen"' in client.get(url(report)).content.decode()

    no_reason = client.post(url(report, "report-reopen"), {"reason": ""})
    assert no_reason.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_reason_error"' in no_reason.content.decode()

    reopened = client.post(
        url(report, "report-reopen"), {"reason": "Dati da rivedere."}
    )
    assert reopened.status_code == HTTPStatus.FOUND
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_reopening_is_refused_after_the_balance(client, sign_in, funded):
    report = submitted(funded)
    review_services.report_accept(actor=funded.officer, report=report)
    Project.objects.filter(pk=funded.project.pk).update(
        status=ProjectStatus.BALANCE_PAID
    )
    sign_in(funded.officer)

    assert 'id="reopen"' not in client.get(url(report)).content.decode()
    response = client.post(url(report, "report-reopen"), {"reason": "Errore."})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "non può più essere riaperta" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_the_report_page_queries_do_not_grow_with_its_rows(
    client, sign_in, funded, report, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conciliare.territory.models import InterventionArea

    sign_in(funded.lead_rep)
    fill(report, funded.lead_rep)
    with CaptureQueriesContext(connection) as few:
        client.get(url(report))
    areas = InterventionArea.objects.filter(period=funded.project.period)
    figure_services.report_reach_save(
        actor=funded.lead_rep,
        report=report,
        rows=[
            {"kind": kind, "area": area, "reached": 5, "women": 2, "men": 3}
            for kind in ("workers", "families")
            for area in areas
        ],
    )
    assert report.reach.count() > 4

    with django_assert_num_queries(len(few)):
        response = client.get(url(report))

    assert response.status_code == HTTPStatus.OK
