"""An evaluator with a conflict of interest (found automatically or
declared) never sees nor scores the application: not through the pages,
not through the API, not through the services. One who has not declared
yet does not see it either."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conciliare.applications.selectors import application_visible_to
from conciliare.partnerships.models import Partner
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.reviews.evaluation_services import (
    assignment_create,
    conflict_declare,
    scores_save,
    scores_submit,
)
from conciliare.reviews.models import ConflictStatus
from conciliare.reviews.tests.factories import make_seat

pytestmark = pytest.mark.django_db

API = "/api/v1/evaluations"


def _scores(review):
    return [
        {"criterion": c.pk, "points": Decimal(10), "comment": "Buono."}
        for c in review.call.criteria.all()
    ]


def _conflicted_assignment(evaluation, kind):
    if kind == "lead":
        seat = make_seat(call=evaluation.call, organisation=evaluation.team.lead)
    elif kind == "partner":
        seat = make_seat(call=evaluation.call, organisation=evaluation.team.partners[1])
    else:
        seat = make_seat(call=evaluation.call)
    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )
    if kind == "declared":
        conflict_declare(
            actor=seat.user,
            assignment=assignment,
            conflicted=True,
            note="Consulente del capofila.",
        )
    assignment.refresh_from_db()
    return assignment


@pytest.mark.parametrize("kind", ["lead", "partner", "declared"])
def test_a_conflicted_evaluator_never_sees_nor_scores_the_application(
    client, sign_in, evaluation, kind
):
    # given an evaluator in conflict of interest
    assignment = _conflicted_assignment(evaluation, kind)
    assert assignment.is_conflicted
    evaluator = sign_in(assignment.evaluator)
    summary = evaluation.application.current_submission.snapshot["summary"]

    # the page refuses the application, the declaration page does not show it
    score = client.get(reverse("reviews-evaluation:score", args=[assignment.pk]))
    assert score.status_code == HTTPStatus.FORBIDDEN
    post = client.post(
        reverse("reviews-evaluation:score", args=[assignment.pk]), {"save": "1"}
    )
    assert post.status_code == HTTPStatus.FORBIDDEN
    declare = client.get(reverse("reviews-evaluation:declare", args=[assignment.pk]))
    assert summary not in declare.content.decode()
    # so does the application's own page and API
    assert not evaluator.has_perm(
        "applications.view_application", evaluation.application
    )
    assert (
        not application_visible_to(user=evaluator)
        .filter(pk=evaluation.application.pk)
        .exists()
    )
    api_detail = client.get(f"/api/v1/applications/{evaluation.application.pk}")
    assert api_detail.status_code == HTTPStatus.NOT_FOUND
    # the evaluation API
    response = client.get(f"{API}/assignments/{assignment.pk}/application")
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        f"{API}/assignments/{assignment.pk}/scores",
        {"scores": _scores(evaluation.review), "submit": True},
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    # and the services
    with pytest.raises(PermissionDenied):
        scores_save(
            actor=evaluator, assignment=assignment, scores=_scores(evaluation.review)
        )
    with pytest.raises(PermissionDenied):
        scores_submit(
            actor=evaluator, assignment=assignment, scores=_scores(evaluation.review)
        )
    # a declaration cannot be changed afterwards
    if kind == "declared":
        with pytest.raises(Exception, match="già stata resa"):
            conflict_declare(actor=evaluator, assignment=assignment, conflicted=False)
    assert not assignment.scores.exists()


def test_an_undeclared_evaluator_does_not_see_the_application_yet(
    client, sign_in, evaluation
):
    seat = make_seat(call=evaluation.call)
    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )
    evaluator = sign_in(seat.user)
    summary = evaluation.application.current_submission.snapshot["summary"]

    response = client.get(reverse("reviews-evaluation:score", args=[assignment.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "reviews-evaluation:declare", args=[assignment.pk]
    )
    declare = client.get(response["Location"])
    assert declare.status_code == HTTPStatus.OK
    assert summary not in declare.content.decode()
    api = client.get(f"{API}/assignments/{assignment.pk}/application")
    assert api.status_code == HTTPStatus.FORBIDDEN
    assert not evaluator.has_perm(
        "applications.view_application", evaluation.application
    )
    assert not application_visible_to(user=evaluator).exists()
    with pytest.raises(PermissionDenied):
        scores_save(
            actor=evaluator, assignment=assignment, scores=_scores(evaluation.review)
        )


def test_an_evaluator_who_declares_no_conflict_reads_the_application(
    client, sign_in, evaluation
):
    seat = make_seat(call=evaluation.call)
    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )
    evaluator = sign_in(seat.user)
    summary = evaluation.application.current_submission.snapshot["summary"]

    response = client.post(
        reverse("reviews-evaluation:declare", args=[assignment.pk]),
        {"conflict": "none"},
    )

    assert response["Location"] == reverse(
        "reviews-evaluation:score", args=[assignment.pk]
    )
    page = client.get(response["Location"])
    assert page.status_code == HTTPStatus.OK
    assert summary in page.content.decode()
    api = client.get(f"{API}/assignments/{assignment.pk}/application")
    assert api.status_code == HTTPStatus.OK
    assert api.json()["snapshot"]["summary"] == summary
    assert evaluator.has_perm("applications.view_application", evaluation.application)
    assert list(application_visible_to(user=evaluator)) == [evaluation.application]
    # and the attachments the application submitted
    for attachment in evaluation.application.current_submission.snapshot["attachments"]:
        url = reverse("documents:document-download", args=[attachment["document_id"]])
        assert client.get(url).status_code == HTTPStatus.OK


def test_declaring_a_conflict_needs_its_reason(client, sign_in, evaluation):
    seat = make_seat(call=evaluation.call)
    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )
    sign_in(seat.user)

    response = client.post(
        reverse("reviews-evaluation:declare", args=[assignment.pk]),
        {"conflict": "declared", "note": " "},
    )

    assert response.status_code == HTTPStatus.OK
    assert "Indicare il motivo del conflitto di interessi." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.conflict_status == ConflictStatus.UNDECLARED


@pytest.mark.parametrize(
    ("role", "reason"), [("lead", "capofila"), ("partner", "partner")]
)
def test_a_seat_of_the_lead_or_a_partner_is_excluded_at_assignment(
    evaluation, role, reason
):
    organisation = (
        evaluation.team.lead if role == "lead" else evaluation.team.partners[0]
    )
    seat = make_seat(call=evaluation.call, organisation=organisation)

    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )

    assert assignment.conflict_status == ConflictStatus.AUTOMATIC
    assert reason in assignment.conflict_note
    assert assignment.conflict_declared_at is not None


def test_a_former_partner_is_not_a_conflict(evaluation):
    former = OrganisationFactory.create()
    Partner.objects.create(
        alliance=evaluation.application.alliance,
        organisation=former,
        joined_on="2020-01-01",
        left_on="2020-06-30",
    )
    seat = make_seat(call=evaluation.call, organisation=former)

    assignment = assignment_create(
        actor=evaluation.officer, review=evaluation.review, seat=seat
    )

    assert assignment.conflict_status == ConflictStatus.UNDECLARED
