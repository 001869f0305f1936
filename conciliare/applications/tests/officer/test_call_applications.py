from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.applications import officer_views
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.submission_services import application_withdraw
from conciliare.applications.tests.factories import complete_application
from conciliare.calls.tests.factories import make_call

pytestmark = pytest.mark.django_db


def _url(call):
    return reverse("applications-officer:call-applications", args=[call.pk])


def test_the_officer_sees_counts_totals_areas_and_the_received_applications(
    client, login_as, call, submit
):
    # given two submissions and a draft
    first = submit(call, cost="100000.00", grant="50000.00")
    second = submit(call, cost="80000.00", grant="40000.00")
    draft = complete_application(call=call)
    draft.title = "Bozza segreta"
    draft.save(update_fields=["title"])
    login_as("ats_officer")

    # when
    response = client.get(_url(call))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'data-status="draft">1<' in html  # drafts only as a number
    assert 'data-status="submitted">2<' in html
    assert "Bozza segreta" not in html
    assert first.current_submission.protocol_number in html
    assert second.current_submission.protocol_number in html
    assert html.index(first.current_submission.protocol_number) < html.index(
        second.current_submission.protocol_number
    )
    assert "€ 90.000,00" in html  # grant requested, both together
    assert "€ 180.000,00" in html  # total cost
    # each application names the call's first two areas: counted in both
    areas = list(call.areas.order_by("number")[:2])
    assert html.count("€ 90.000,00") >= 3  # the totals and both areas
    for area in areas:
        assert f"{area.number}. {area.name}" in html
    assert "50,00%" in html  # co-financing share of each
    submitted_at = timezone.localtime(first.current_submission.submitted_at)
    assert submitted_at.strftime("%d/%m/%Y %H:%M:%S") in html
    review = reverse("applications-officer:application-review", args=[first.pk])
    assert review in html
    assert (
        reverse("applications-officer:call-applications-export", args=[call.pk]) in html
    )


def test_a_withdrawn_application_is_listed_with_its_last_figures_but_not_counted(
    client, login_as, call, submit
):
    application = submit(call)
    protocol_number = application.current_submission.protocol_number
    application_withdraw(actor=application.created_by, application=application)
    login_as("regional_officer")

    response = client.get(_url(call))

    html = response.content.decode()
    assert protocol_number in html
    assert "Ritirata" in html
    assert 'data-status="withdrawn">1<' in html
    assert response.context["totals"]["count"] == 0
    assert response.context["totals"]["grant_requested"] == Decimal("0.00")
    assert response.context["rows"][0].grant_requested == Decimal("50000.00")
    assert "50.000,00" in response.context["rows_html"]


def test_requests_over_the_budget_are_shown_as_such(client, login_as, submit):
    call = make_call(  # 40,000 for the projects
        total_budget=Decimal("50000.00"), max_grant=Decimal("30000.00")
    )
    submit(call, cost="100000.00", grant="30000.00")
    submit(call, cost="100000.00", grant="30000.00")
    login_as("ats_officer")

    response = client.get(_url(call))

    assert response.context["totals"]["over_budget"] is True
    assert response.context["totals"]["over"] == Decimal("20000.00")
    assert "Richieste oltre le risorse" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "kwargs", "expected"),
    [
        ("ats_officer", {}, HTTPStatus.OK),
        ("regional_officer", {}, HTTPStatus.OK),
        ("ats_officer", {"ats_slug": "brescia"}, HTTPStatus.FORBIDDEN),
        ("committee_member", {}, HTTPStatus.FORBIDDEN),
        ("org_representative", {}, HTTPStatus.FORBIDDEN),
        ("citizen", {}, HTTPStatus.FORBIDDEN),
    ],
)
@pytest.mark.parametrize("name", ["call-applications", "call-applications-export"])
def test_only_the_officers_of_the_ats_and_the_region_see_the_applications(
    client, login_as, call, name, who, kwargs, expected
):
    login_as(who, **kwargs)

    response = client.get(reverse(f"applications-officer:{name}", args=[call.pk]))

    assert response.status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, call):
    response = client.get(_url(call))

    assert response.status_code == HTTPStatus.FOUND


def test_a_draft_call_of_another_ats_does_not_exist_for_its_officers(client, login_as):
    call = make_call(published=False)
    login_as("ats_officer", ats_slug="brescia")

    response = client.get(_url(call))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_list_is_paginated(client, login_as, call, submit, monkeypatch):
    monkeypatch.setattr(officer_views, "PAGE_SIZE", 2)
    applications = [submit(call) for _ in range(3)]
    login_as("ats_officer")

    first_page = client.get(_url(call))
    second_page = client.get(_url(call), {"page": 2})

    assert [row.pk for row in first_page.context["rows"]] == [
        a.pk for a in applications[:2]
    ]
    assert [row.pk for row in second_page.context["rows"]] == [applications[2].pk]
    assert "3 domande ricevute" in first_page.content.decode()


def test_the_query_count_does_not_grow_with_the_applications(
    client, login_as, call, submit, django_assert_num_queries
):
    # given one application received and one withdrawn
    submit(call)
    first_withdrawn = submit(call)
    application_withdraw(actor=first_withdrawn.created_by, application=first_withdrawn)
    login_as("ats_officer")
    client.get(_url(call))  # warm the session
    call_figures_invalidate(call_id=call.pk)  # computed, as after any change
    with CaptureQueriesContext(connection) as few:
        client.get(_url(call))

    # when more applications arrive, one of them withdrawn
    for _ in range(3):
        submit(call)
    withdrawn = submit(call)
    application_withdraw(actor=withdrawn.created_by, application=withdrawn)

    # then
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(_url(call))
    assert len(response.context["rows"]) == 6


def test_the_figures_are_cached_until_an_application_changes(
    client, login_as, call, submit, django_assert_num_queries
):
    submit(call)
    login_as("ats_officer")
    with CaptureQueriesContext(connection) as first:
        client.get(_url(call))
    with CaptureQueriesContext(connection) as again:
        response = client.get(_url(call))
    # counts, totals and totals by area come from the cache
    assert len(again.captured_queries) == len(first.captured_queries) - 3
    assert response.context["totals"]["count"] == 1

    submit(call)  # a submission moves the call's figures on

    response = client.get(_url(call))
    assert response.context["totals"]["count"] == 2
    assert response.context["received_count"] == 2
