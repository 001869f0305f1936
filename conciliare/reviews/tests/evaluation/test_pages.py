"""Who reaches the evaluation pages, the assignment page at work, and the
queries of the lists (constant in the number of rows)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.reviews.evaluation_services import assignment_create
from conciliare.reviews.models import ConflictStatus, EvaluatorAssignment
from conciliare.reviews.tests.factories import (
    closed_call,
    make_assignment,
    make_review,
    make_scores,
    make_seat,
)

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, NOT_FOUND, FOUND = (
    HTTPStatus.OK,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.FOUND,
)


def _actor(who, evaluation, assignment):
    if who == "same_ats_officer":
        return evaluation.officer
    if who == "other_ats_officer":
        return make_user(Role.ATS_OFFICER, ats=_ats("bergamo"))
    if who == "regional_officer":
        return make_user(Role.REGIONAL_OFFICER)
    if who == "assigned_evaluator":
        return assignment.evaluator
    if who == "unassigned_member":
        return make_seat(call=evaluation.call).user
    if who == "lead_rep":
        return evaluation.team.lead_rep
    if who == "citizen":
        return make_user()
    return None


def _ats(slug):
    from conciliare.accounts.tests.factories import ats

    return ats(slug)


#: page -> expected status per actor
MATRIX = {
    "queue": {
        "same_ats_officer": FORBIDDEN,
        "other_ats_officer": FORBIDDEN,
        "regional_officer": FORBIDDEN,
        "assigned_evaluator": OK,
        "unassigned_member": OK,
        "lead_rep": FORBIDDEN,
        "citizen": FORBIDDEN,
        "anonymous": FOUND,
    },
    "score": {
        "same_ats_officer": NOT_FOUND,
        "other_ats_officer": NOT_FOUND,
        "regional_officer": NOT_FOUND,
        "assigned_evaluator": OK,
        "unassigned_member": NOT_FOUND,
        "lead_rep": NOT_FOUND,
        "citizen": NOT_FOUND,
        "anonymous": FOUND,
    },
    "call-assignments": {
        "same_ats_officer": OK,
        "other_ats_officer": FORBIDDEN,
        "regional_officer": FORBIDDEN,
        "assigned_evaluator": FORBIDDEN,
        "unassigned_member": FORBIDDEN,
        "lead_rep": FORBIDDEN,
        "citizen": FORBIDDEN,
        "anonymous": FOUND,
    },
    "consensus": {
        "same_ats_officer": OK,
        "other_ats_officer": NOT_FOUND,
        "regional_officer": NOT_FOUND,
        "assigned_evaluator": NOT_FOUND,
        "unassigned_member": NOT_FOUND,
        "lead_rep": NOT_FOUND,
        "citizen": NOT_FOUND,
        "anonymous": FOUND,
    },
}


def _url(page, evaluation, assignment):
    if page == "queue":
        return reverse("reviews-evaluation:queue")
    if page == "score":
        return reverse("reviews-evaluation:score", args=[assignment.pk])
    if page == "call-assignments":
        return reverse("reviews-evaluation:call-assignments", args=[evaluation.call.pk])
    return reverse("reviews-evaluation:consensus", args=[evaluation.review.pk])


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [
        (page, who, status)
        for page, row in MATRIX.items()
        for who, status in row.items()
    ],
)
def test_who_reaches_the_evaluation_pages(
    client, sign_in, evaluation, page, who, expected
):
    assignment = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    user = _actor(who, evaluation, assignment)
    if user is not None:
        sign_in(user)

    response = client.get(_url(page, evaluation, assignment))

    assert response.status_code == expected


@pytest.mark.parametrize("who", ["other_ats_officer", "assigned_evaluator", "lead_rep"])
def test_only_the_ats_officers_assign_and_record(client, sign_in, evaluation, who):
    assignment = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    seat = make_seat(call=evaluation.call)
    sign_in(_actor(who, evaluation, assignment))

    assign = client.post(
        reverse(
            "reviews-evaluation:assignment-add",
            args=[evaluation.call.pk, evaluation.review.pk],
        ),
        {f"review-{evaluation.review.pk}-seat": seat.pk},
    )
    remove = client.post(
        reverse("reviews-evaluation:assignment-remove", args=[assignment.pk])
    )
    record = client.post(
        reverse("reviews-evaluation:consensus", args=[evaluation.review.pk]), {}
    )

    assert assign.status_code in (FORBIDDEN, NOT_FOUND)
    assert remove.status_code == NOT_FOUND
    assert record.status_code == NOT_FOUND
    assert EvaluatorAssignment.objects.count() == 1


def test_the_officer_assigns_sees_a_conflict_and_assigns_a_replacement(
    client, sign_in, evaluation
):
    sign_in(evaluation.officer)
    lead_seat = make_seat(call=evaluation.call, organisation=evaluation.team.lead)
    other_seat = make_seat(call=evaluation.call)
    url = reverse(
        "reviews-evaluation:assignment-add",
        args=[evaluation.call.pk, evaluation.review.pk],
    )
    field = f"review-{evaluation.review.pk}-seat"
    page_url = reverse("reviews-evaluation:call-assignments", args=[evaluation.call.pk])

    first = client.post(url, {field: lead_seat.pk}, follow=True)
    html = first.content.decode()
    assert "in conflitto di interessi" in html
    assert "Valutatori senza conflitto: 0 su 2 richiesti" in html
    assert "Mancano 2 valutatori." in html

    client.post(url, {field: other_seat.pk})
    html = client.get(page_url).content.decode()
    assert "Valutatori senza conflitto: 1 su 2 richiesti" in html
    assert "Manca 1 valutatore." in html

    # the same seat twice, or none, is refused beside the field
    again = client.post(url, {field: other_seat.pk})
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert f'id="id_{field}_error"' in again.content.decode()


def test_a_seat_of_another_network_cannot_be_assigned(client, sign_in, evaluation):
    bergamo_call, _ = closed_call(applications=1, ats_slug="bergamo")
    foreign = make_seat(call=bergamo_call)
    sign_in(evaluation.officer)

    response = client.post(
        reverse(
            "reviews-evaluation:assignment-add",
            args=[evaluation.call.pk, evaluation.review.pk],
        ),
        {f"review-{evaluation.review.pk}-seat": foreign.pk},
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not EvaluatorAssignment.objects.exists()


def test_only_admissible_applications_are_assigned(evaluation):
    call, [other] = closed_call(applications=1)
    pending = make_review(other.application, status="pending")
    from conciliare.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="ammissibili"):
        assignment_create(
            actor=make_user(Role.ATS_OFFICER, ats=call.ats),
            review=pending,
            seat=make_seat(call=call),
        )


def test_the_officer_withdraws_an_assignment_not_yet_submitted(
    client, sign_in, evaluation
):
    pending = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    done = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    make_scores(done)
    sign_in(evaluation.officer)

    client.post(reverse("reviews-evaluation:assignment-remove", args=[pending.pk]))
    client.post(reverse("reviews-evaluation:assignment-remove", args=[done.pk]))

    assert list(EvaluatorAssignment.objects.all()) == [done]


def test_the_api_lists_only_the_evaluators_own_assignments(client, sign_in, evaluation):
    mine = make_assignment(evaluation.review)
    make_assignment(evaluation.review)
    sign_in(mine.evaluator)

    response = client.get("/api/v1/evaluations/assignments")

    assert response.status_code == OK
    assert [row["id"] for row in response.json()] == [mine.pk]
    assert response.json()[0]["conflict_status"] == "undeclared"
    other = EvaluatorAssignment.objects.exclude(pk=mine.pk).get()
    assert (
        client.get(
            f"/api/v1/evaluations/assignments/{other.pk}/application"
        ).status_code
        == NOT_FOUND
    )


def test_the_api_saves_and_submits_scores(client, sign_in, evaluation):
    assignment = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    sign_in(assignment.evaluator)
    criteria = list(evaluation.call.criteria.order_by("position"))
    url = f"/api/v1/evaluations/assignments/{assignment.pk}/scores"

    over = client.post(
        url,
        {"scores": [{"criterion": criteria[0].pk, "points": "26", "comment": "x"}]},
        content_type="application/json",
    )
    assert over.status_code == HTTPStatus.BAD_REQUEST

    rows = [{"criterion": c.pk, "points": "10.5", "comment": "Ok."} for c in criteria]
    done = client.post(
        url, {"scores": rows, "submit": True}, content_type="application/json"
    )
    assert done.status_code == OK
    assert done.json()["submitted_at"] is not None
    assert len(done.json()["scores"]) == len(criteria)


def _queue_with(evaluation, count):
    seat = make_seat(call=evaluation.call)  # the committee of every Milano call
    for _ in range(count):
        _call, [submitted] = closed_call(applications=1)
        review = make_review(submitted.application)
        assignment = make_assignment(review, seat=seat, conflict=ConflictStatus.NONE)
        make_scores(assignment, submit=False)
    return seat.user


def test_the_queue_costs_the_same_queries_for_one_or_many(
    client, sign_in, evaluation, django_assert_max_num_queries
):
    few = _queue_with(evaluation, 1)
    sign_in(few)
    with django_assert_max_num_queries(30) as few_ctx:
        client.get(reverse("reviews-evaluation:queue"))
    many = _queue_with(evaluation, 3)
    sign_in(many)
    with django_assert_max_num_queries(30) as many_ctx:
        response = client.get(reverse("reviews-evaluation:queue"))

    assert response.content.decode().count('id="assignment-') == 3
    assert len(many_ctx.captured_queries) == len(few_ctx.captured_queries)


def test_the_assignment_page_costs_the_same_queries_for_one_or_many(
    client, sign_in, django_assert_max_num_queries
):
    def page_queries(applications):
        call, submitted = closed_call(applications=applications)
        officer = make_user(Role.ATS_OFFICER, ats=call.ats)
        seats = [make_seat(call=call) for _ in range(3)]
        for item in submitted:
            review = make_review(item.application)
            for seat in seats[:2]:
                make_assignment(review, seat=seat, conflict=ConflictStatus.NONE)
        sign_in(officer)
        with django_assert_max_num_queries(40) as ctx:
            response = client.get(
                reverse("reviews-evaluation:call-assignments", args=[call.pk])
            )
        assert response.status_code == OK
        return len(ctx.captured_queries)

    assert page_queries(1) == page_queries(3)
