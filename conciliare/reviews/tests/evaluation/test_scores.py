"""The evaluator's scores: drafts saved any number of times, a submission
that needs every criterion with points and a comment, and then fixed;
independence (the others' scores hidden until one's own submission);
officers never see a draft."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conciliare.core.exceptions import ApplicationError
from conciliare.reviews.evaluation_selectors import criterion_score_visible_to
from conciliare.reviews.evaluation_services import scores_save, scores_submit
from conciliare.reviews.models import ConflictStatus
from conciliare.reviews.tests.factories import make_assignment, make_scores

pytestmark = pytest.mark.django_db


def _cleared(evaluation):
    return make_assignment(
        evaluation.review, conflict=ConflictStatus.NONE, officer=evaluation.officer
    )


def _form(criteria, points, comment="Motivato."):
    data = {}
    for criterion, value in zip(criteria, points, strict=True):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_a_draft_is_saved_many_times_then_submitted_and_fixed(evaluation):
    assignment = _cleared(evaluation)
    criteria = list(evaluation.call.criteria.order_by("position"))
    first = criteria[0]

    scores_save(
        actor=assignment.evaluator,
        assignment=assignment,
        scores=[{"criterion": first.pk, "points": Decimal("10"), "comment": ""}],
    )
    scores_save(
        actor=assignment.evaluator,
        assignment=assignment,
        scores=[{"criterion": first.pk, "points": Decimal("12.5"), "comment": "Ok."}],
    )
    assert [(s.points, s.comment) for s in assignment.scores.all()] == [
        (Decimal("12.50"), "Ok.")
    ]
    # a submission needs every criterion
    with pytest.raises(ValidationError) as refused:
        scores_submit(actor=assignment.evaluator, assignment=assignment)
    assert f"points_{criteria[1].pk}" in refused.value.message_dict

    rows = [
        {"criterion": c.pk, "points": Decimal(5), "comment": "Sufficiente."}
        for c in criteria
    ]
    scores_submit(actor=assignment.evaluator, assignment=assignment, scores=rows)
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None

    with pytest.raises(ApplicationError, match="già stata consegnata"):
        scores_save(actor=assignment.evaluator, assignment=assignment, scores=rows)
    assert {s.points for s in assignment.scores.all()} == {Decimal("5.00")}


def test_each_criterion_needs_a_comment_to_submit(evaluation):
    assignment = _cleared(evaluation)
    criteria = list(evaluation.call.criteria.order_by("position"))
    rows = [
        {"criterion": c.pk, "points": Decimal(5), "comment": "Ok."} for c in criteria
    ]
    rows[2]["comment"] = "  "

    with pytest.raises(ValidationError) as refused:
        scores_submit(actor=assignment.evaluator, assignment=assignment, scores=rows)

    assert list(refused.value.message_dict) == [f"comment_{criteria[2].pk}"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25,01", "Il punteggio massimo di questo criterio è 25"),
        ("-1", "Il punteggio non può essere negativo."),
        ("12,345", "Al massimo due decimali."),
    ],
)
def test_points_out_of_range_are_refused_beside_the_field(
    client, sign_in, evaluation, value, message
):
    assignment = _cleared(evaluation)
    sign_in(assignment.evaluator)
    criteria = list(evaluation.call.criteria.order_by("position"))
    data = _form(criteria, ["10"] * len(criteria))
    data[f"points_{criteria[0].pk}"] = value

    response = client.post(
        reverse("reviews-evaluation:score", args=[assignment.pk]),
        {**data, "save": "1"},
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert message in html
    assert f'id="id_points_{criteria[0].pk}_error"' in html
    assert f'value="{value}"' in html  # what the evaluator typed stays
    assert not assignment.scores.exists()


def test_the_scoring_page_saves_a_draft_with_htmx_and_submits(
    client, sign_in, evaluation
):
    assignment = _cleared(evaluation)
    sign_in(assignment.evaluator)
    criteria = list(evaluation.call.criteria.order_by("position"))
    url = reverse("reviews-evaluation:score", args=[assignment.pk])

    draft = client.post(
        url,
        {**_form(criteria, ["10", "", "", "", ""]), "save": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert draft.status_code == HTTPStatus.OK
    assert "Bozza salvata." in draft.content.decode()
    assert assignment.scores.count() == 1

    submitted = client.post(
        url, {**_form(criteria, ["10", "11", "12", "13", "14,5"]), "submit": "1"}
    )
    assert submitted.status_code == HTTPStatus.FOUND
    assignment.refresh_from_db()
    assert assignment.is_submitted
    assert sorted(s.points for s in assignment.scores.all()) == [
        Decimal("10.00"),
        Decimal("11.00"),
        Decimal("12.00"),
        Decimal("13.00"),
        Decimal("14.50"),
    ]
    # a second submission is refused
    again = client.post(url, {**_form(criteria, ["1"] * 5), "submit": "1"})
    assert again.status_code == HTTPStatus.FORBIDDEN


def test_an_evaluator_sees_the_others_scores_only_after_submitting(
    client, sign_in, evaluation
):
    mine = _cleared(evaluation)
    other = _cleared(evaluation)
    make_scores(other, ["21", "22", "17", "13", "14"])  # submitted
    make_scores(mine, ["5", "5", "5", "5", "5"], submit=False)  # my draft
    sign_in(mine.evaluator)
    url = reverse("reviews-evaluation:score", args=[mine.pk])

    before = client.get(url).content.decode()
    assert str(other.evaluator) not in before
    assert "other-scores" not in before
    visible = criterion_score_visible_to(user=mine.evaluator)
    assert set(visible.values_list("assignment_id", flat=True)) == {mine.pk}

    scores_submit(actor=mine.evaluator, assignment=mine)

    after = client.get(url).content.decode()
    assert 'id="other-scores"' in after
    assert str(other.evaluator) in after
    assert set(
        criterion_score_visible_to(user=mine.evaluator).values_list(
            "assignment_id", flat=True
        )
    ) == {mine.pk, other.pk}


def test_an_others_draft_stays_hidden_after_submitting(evaluation):
    mine = _cleared(evaluation)
    other = _cleared(evaluation)
    make_scores(mine)
    make_scores(other, submit=False)

    visible = criterion_score_visible_to(user=mine.evaluator)

    assert set(visible.values_list("assignment_id", flat=True)) == {mine.pk}


def test_officers_never_see_drafts(client, sign_in, evaluation):
    submitted = _cleared(evaluation)
    draft = _cleared(evaluation)
    make_scores(submitted, ["21", "22", "17", "13", "14"])
    make_scores(draft, ["1.11", "2.22", "3.33", "4.44", "5.55"], submit=False)
    sign_in(evaluation.officer)

    html = client.get(
        reverse("reviews-evaluation:consensus", args=[evaluation.review.pk])
    ).content.decode()

    assert "1,11" not in html
    assert "5,55" not in html
    assert "21" in html
    visible = criterion_score_visible_to(user=evaluation.officer)
    assert set(visible.values_list("assignment_id", flat=True)) == {submitted.pk}
