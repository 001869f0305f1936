import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.submission_services import application_withdraw

pytestmark = pytest.mark.django_db


def _url(call):
    return reverse("applications-officer:call-applications-export", args=[call.pk])


def _sheets(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(sheet.iter_rows()) for sheet in workbook.worksheets], workbook


def test_the_export_has_a_row_per_received_application_and_the_totals_by_area(
    client, login_as, call, submit
):
    # given a valid submission and a withdrawn one
    valid = submit(call, cost="100000.00", grant="35000.00")
    withdrawn = submit(call, cost="80000.00", grant="40000.00")
    withdrawn_protocol = withdrawn.current_submission.protocol_number
    application_withdraw(actor=withdrawn.created_by, application=withdrawn)
    login_as("ats_officer")

    # when
    response = client.get(_url(call))

    # then
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="domande-avviso-{call.pk}-milano.xlsx"'
    )
    (applications, areas), workbook = _sheets(response)
    assert workbook.sheetnames == ["Domande", "Totali per area"]
    header = [cell.value for cell in applications[0]]
    assert header[0] == "Numero di protocollo"
    assert header[-1] == "Stato"
    assert len(applications) == 3  # header + both received applications
    first = [cell.value for cell in applications[1]]
    submission = valid.current_submission
    assert first[0] == submission.protocol_number
    in_rome = timezone.localtime(submission.submitted_at).replace(tzinfo=None)
    assert abs(first[1] - in_rome) < timedelta(seconds=1)  # Excel keeps ms
    assert first[2:6] == [
        valid.alliance.name,
        valid.alliance.lead.legal_name,
        valid.alliance.lead.tax_code,
        "Tempi per le famiglie",
    ]
    assert first[6:10] == [100000, 35000, 65000, 65]  # numbers, not strings
    assert all(isinstance(value, int | float) for value in first[6:10])
    assert first[10] == "Inviata"
    assert applications[1][6].number_format == "#,##0.00"
    assert applications[1][1].number_format == "DD/MM/YYYY HH:MM:SS"
    second = [cell.value for cell in applications[2]]
    assert second[0] == withdrawn_protocol
    assert second[6:8] == [80000, 40000]
    assert second[10] == "Ritirata"
    # areas: only the valid submission counts, in both areas it names
    area_rows = [[cell.value for cell in row] for row in areas[1:]]
    named = {f"{a.number}. {a.name}" for a in call.areas.order_by("number")[:2]}
    for name, count, grant, cost in area_rows:
        if name in named:
            assert (count, grant, cost) == (1, 35000, 100000)
        else:
            assert (count, grant, cost) == (0, 0, 0)
    assert areas[1][2].number_format == "#,##0.00"


def test_the_export_query_count_does_not_grow_with_the_applications(
    client, login_as, call, submit, django_assert_num_queries
):
    submit(call)
    login_as("regional_officer")
    client.get(_url(call))
    call_figures_invalidate(call_id=call.pk)  # computed, as after any change
    with CaptureQueriesContext(connection) as few:
        client.get(_url(call))
    for _ in range(3):
        submit(call)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_url(call))

    (applications, _areas), _workbook = _sheets(response)
    assert len(applications) == 5
