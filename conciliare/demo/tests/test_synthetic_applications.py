"""The synthetic applications of ``load_demo --scale N`` (the benchmarks')."""

from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.checks import budget_totals
from conciliare.applications.models import (
    Application,
    ApplicationStatus,
    Submission,
)
from conciliare.applications.snapshots import snapshot_fingerprint
from conciliare.calls.models import Call, CallStatus
from conciliare.calls.tests.factories import make_guidance
from conciliare.demo.synthetic import synthetic_organisations
from conciliare.demo.synthetic_applications import (
    CALL_TITLE,
    PER_SCALE,
    ensure_synthetic_applications,
    synthetic_application_count,
)
from conciliare.partnerships.models import Alliance, PartnerRole
from conciliare.registry.models import Organisation
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    Organisation.objects.bulk_create(synthetic_organisations(scale=1))
    make_guidance(ats_slug="milano")
    return make_user(Role.ATS_OFFICER, ats=ATS.objects.get(slug="milano"))


def test_only_an_explicit_scale_adds_applications():
    assert synthetic_application_count(None) == 0
    assert synthetic_application_count(1) == PER_SCALE
    assert synthetic_application_count(10) == 5_000


def test_the_step_submits_one_application_per_synthetic_alliance(officer):
    # when
    added = ensure_synthetic_applications(officer=officer, count=12)

    # then one published call of ATS Milano, labelled synthetic
    call = Call.objects.get(title=CALL_TITLE)
    assert added == 12
    assert call.ats.slug == "milano"
    assert call.status == CallStatus.PUBLISHED
    applications = Application.objects.filter(call=call)
    assert applications.count() == 12
    assert set(applications.values_list("status", flat=True)) == {
        ApplicationStatus.SUBMITTED
    }

    # each from its own synthetic alliance: a synthetic lead and 3 partners
    assert applications.values("alliance").distinct().count() == 12
    alliances = Alliance.objects.filter(applications__call=call).annotate(
        n=Count("partners")
    )
    assert {a.n for a in alliances} == {4}
    assert all("sintetica" in a.name for a in alliances)
    assert not Organisation.objects.filter(
        partnerships__alliance__in=alliances, is_synthetic=False
    ).exists()
    assert alliances.filter(partners__role=PartnerRole.LEAD).count() == 12

    # the submissions: unique protocol numbers apart from the real counter's,
    # in the order of time, before the close time, with their figures
    submissions = list(
        Submission.objects.filter(application__call=call).order_by("submitted_at")
    )
    numbers = [s.protocol_number for s in submissions]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 12
    assert all(n.startswith("321-SYN-") for n in numbers)
    assert all(s.submitted_at < call.closes_at for s in submissions)
    assert all(s.received_at >= call.opens_at for s in submissions)
    assert len({s.grant_requested for s in submissions}) > 1
    for submission in submissions:
        application = submission.application
        assert application.current_submission_id == submission.pk
        assert application.submitted_at == submission.submitted_at
        # the snapshot agrees with the rows and is fingerprinted
        totals = budget_totals(application)
        assert (totals.cost, totals.grant_requested) == (
            submission.total_cost,
            submission.grant_requested,
        )
        assert submission.snapshot["title"] == application.title
        assert Decimal(submission.snapshot["totals"]["cost"]) == submission.total_cost
        assert submission.snapshot_sha256 == snapshot_fingerprint(submission.snapshot)
        assert application.areas.exists()
        assert application.created_at < application.submitted_at
        assert submission.submitted_at - submission.received_at < timedelta(minutes=1)


def test_running_it_again_adds_only_what_is_missing(officer):
    ensure_synthetic_applications(officer=officer, count=5)

    assert ensure_synthetic_applications(officer=officer, count=5) == 0
    assert ensure_synthetic_applications(officer=officer, count=8) == 3
    assert Call.objects.filter(title=CALL_TITLE).count() == 1
    assert Submission.objects.count() == 8
    assert Alliance.objects.filter(slug__startswith="alleanza-sintetica-").count() == 8


def test_the_officers_list_and_review_answer_with_constant_queries(
    officer, client, login_as, django_assert_max_num_queries
):
    ensure_synthetic_applications(officer=officer, count=3)
    call = Call.objects.get(title=CALL_TITLE)
    url = reverse("applications-officer:call-applications", args=[call.pk])
    login_as("ats_officer")
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    call_figures_invalidate(call_id=call.pk)  # computed, as after any change
    with django_assert_max_num_queries(50) as few:
        client.get(url)

    ensure_synthetic_applications(officer=officer, count=60)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["rows"]) == 50
    assert (
        response.context["totals"]["grant_requested"]
        == (Submission.objects.aggregate(total=Sum("grant_requested"))["total"])
    )
    review = client.get(
        reverse(
            "applications-officer:application-review",
            args=[Application.objects.filter(call=call).values_list("pk")[0][0]],
        )
    )
    assert review.status_code == HTTPStatus.OK
    assert "321-SYN-" in review.content.decode()
