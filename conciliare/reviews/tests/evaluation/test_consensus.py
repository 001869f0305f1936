"""The committee's score: weighted totals exact to the cent, the mean
method, points out of range refused beside the field, immutability once
recorded, and the audited reopening (refused after the ranking's approval)."""

from datetime import date
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conciliare.audit.models import AuditEvent
from conciliare.calls.models import ScoreMethod
from conciliare.core.exceptions import ApplicationError
from conciliare.reviews.consensus_services import consensus_record, consensus_reopen
from conciliare.reviews.evaluation_services import (
    assignment_create,
    assignment_remove,
    scores_save,
)
from conciliare.reviews.models import (
    ConflictStatus,
    ConsensusScore,
    Ranking,
    RankingStatus,
)
from conciliare.reviews.tests.factories import (
    make_assignment,
    make_scores,
    make_seat,
)

pytestmark = pytest.mark.django_db


def _criteria(evaluation):
    return list(evaluation.call.criteria.order_by("position"))


def _rows(evaluation, points, justification="Concordato."):
    return [
        {"criterion": c.pk, "points": Decimal(p), "justification": justification}
        for c, p in zip(_criteria(evaluation), points, strict=True)
    ]


def _two_submitted(evaluation, first=None, second=None):
    a = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    b = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    make_scores(a, first or ["20", "20", "15", "10", "10"])
    make_scores(b, second or ["21", "19", "16", "11", "12"])
    return a, b


def test_the_total_is_the_sum_of_points_times_weights_to_the_cent(evaluation):
    criteria = _criteria(evaluation)
    criteria[1].weight = Decimal(2)
    criteria[1].save()
    _two_submitted(evaluation)

    review = consensus_record(
        actor=evaluation.officer,
        review=evaluation.review,
        scores=_rows(evaluation, ["20.33", "19.67", "15.5", "10.01", "12"]),
        note="Seduta del 10 marzo.",
    )

    # 20.33 + 2 x 19.67 + 15.5 + 10.01 + 12
    assert review.total_score == Decimal("97.18")
    assert review.consensus_recorded_by == evaluation.officer
    assert review.consensus_note == "Seduta del 10 marzo."
    assert ConsensusScore.objects.filter(review=review).count() == 5
    assert AuditEvent.objects.filter(verb="evaluation.consensus").exists()


def test_the_mean_method_records_each_criterions_mean_rounded_half_up(evaluation):
    evaluation.call.score_method = ScoreMethod.MEAN
    evaluation.call.save()
    criteria = _criteria(evaluation)
    criteria[0].weight = Decimal(2)
    criteria[0].save()
    # one more, conflicted: never counted
    make_assignment(evaluation.review, conflict=ConflictStatus.DECLARED)
    _two_submitted(
        evaluation,
        ["20.25", "20", "15", "10", "10"],
        ["20.50", "19", "16", "11", "12.01"],
    )

    review = consensus_record(
        actor=evaluation.officer, review=evaluation.review, note="Nota."
    )

    means = [s.points for s in review.consensus_scores.order_by("criterion__position")]
    # 20.375 -> 20.38 (half up), 19.5, 15.5, 10.5, 11.005 -> 11.01
    assert means == [
        Decimal("20.38"),
        Decimal("19.50"),
        Decimal("15.50"),
        Decimal("10.50"),
        Decimal("11.01"),
    ]
    assert review.total_score == Decimal("97.27")  # 2 x 20.38 + the rest
    for score in review.consensus_scores.all():
        assert "Media dei punteggi consegnati da 2 valutatori" in score.justification


def test_the_consensus_waits_for_the_calls_minimum_of_evaluators(evaluation):
    a = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    make_scores(a)
    make_assignment(evaluation.review, conflict=ConflictStatus.NONE)  # not submitted

    with pytest.raises(ApplicationError, match="Servono almeno 2"):
        consensus_record(
            actor=evaluation.officer,
            review=evaluation.review,
            scores=_rows(evaluation, ["1"] * 5),
        )


def test_points_over_the_maximum_or_negative_are_refused(evaluation):
    _two_submitted(evaluation)
    criteria = _criteria(evaluation)

    with pytest.raises(ValidationError) as refused:
        consensus_record(
            actor=evaluation.officer,
            review=evaluation.review,
            scores=_rows(evaluation, ["25.01", "-1", "10", "10", "10"]),
        )

    errors = refused.value.message_dict
    assert set(errors) == {f"points_{criteria[0].pk}", f"points_{criteria[1].pk}"}
    assert "massimo" in errors[f"points_{criteria[0].pk}"][0]
    evaluation.review.refresh_from_db()
    assert not evaluation.review.has_consensus


def test_the_consensus_page_refuses_points_over_the_maximum_beside_the_field(
    client, sign_in, evaluation
):
    _two_submitted(evaluation)
    criteria = _criteria(evaluation)
    sign_in(evaluation.officer)
    data = {"note": ""}
    for criterion in criteria:
        data[f"points_{criterion.pk}"] = "10"
        data[f"justification_{criterion.pk}"] = "Concordato."
    data[f"points_{criteria[0].pk}"] = "30"

    response = client.post(
        reverse("reviews-evaluation:consensus", args=[evaluation.review.pk]), data
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert f'id="id_points_{criteria[0].pk}_error"' in html
    assert "Il punteggio massimo di questo criterio è 25" in html
    assert 'value="30"' in html
    evaluation.review.refresh_from_db()
    assert not evaluation.review.has_consensus


def test_after_the_consensus_nothing_changes(evaluation):
    _a, _b = _two_submitted(evaluation)
    late = make_assignment(evaluation.review, conflict=ConflictStatus.NONE)
    consensus_record(
        actor=evaluation.officer,
        review=evaluation.review,
        scores=_rows(evaluation, ["20", "20", "15", "10", "10"]),
    )
    criteria = _criteria(evaluation)

    with pytest.raises(ApplicationError, match="Comitato"):
        scores_save(
            actor=late.evaluator,
            assignment=late,
            scores=[{"criterion": criteria[0].pk, "points": 1, "comment": "x"}],
        )
    with pytest.raises(ApplicationError, match="già registrato"):
        consensus_record(
            actor=evaluation.officer,
            review=evaluation.review,
            scores=_rows(evaluation, ["1"] * 5),
        )
    with pytest.raises(ApplicationError):
        assignment_remove(actor=evaluation.officer, assignment=late)
    with pytest.raises(ApplicationError):
        assignment_create(
            actor=evaluation.officer,
            review=evaluation.review,
            seat=make_seat(call=evaluation.call),
        )
    evaluation.review.refresh_from_db()
    assert evaluation.review.total_score == Decimal("75.00")


def test_an_audited_reopening_clears_the_consensus_and_the_submissions(evaluation):
    a, _b = _two_submitted(evaluation)
    consensus_record(
        actor=evaluation.officer,
        review=evaluation.review,
        scores=_rows(evaluation, ["20", "20", "15", "10", "10"]),
        note="Prima seduta.",
    )

    with pytest.raises(ValidationError):
        consensus_reopen(actor=evaluation.officer, review=evaluation.review, reason=" ")
    review = consensus_reopen(
        actor=evaluation.officer,
        review=evaluation.review,
        reason="Errore materiale sul criterio 2.",
    )

    assert review.total_score is None
    assert not review.has_consensus
    assert review.reopen_count == 1
    assert not review.consensus_scores.exists()
    a.refresh_from_db()
    assert a.submitted_at is None
    event = AuditEvent.objects.get(verb="evaluation.reopen")
    assert event.note == "Errore materiale sul criterio 2."
    assert event.changes["total_score"] == ["75.00", None]
    assert event.changes["consensus_note"] == ["Prima seduta.", ""]
    # the evaluators may correct and submit again, then a new consensus
    criteria = _criteria(evaluation)
    scores_save(
        actor=a.evaluator,
        assignment=a,
        scores=[{"criterion": criteria[1].pk, "points": Decimal(24), "comment": "Ok."}],
    )


def test_reopening_is_refused_once_the_ranking_is_approved(evaluation):
    _two_submitted(evaluation)
    consensus_record(
        actor=evaluation.officer,
        review=evaluation.review,
        scores=_rows(evaluation, ["20", "20", "15", "10", "10"]),
    )
    Ranking.objects.create(
        call=evaluation.call,
        ats=evaluation.call.ats,
        status=RankingStatus.APPROVED,
        budget=evaluation.call.projects_budget,
        computed_at=timezone.now(),
        computed_by=evaluation.officer,
        act_number="12",
        act_date=date(2020, 6, 1),
        approved_at=timezone.now(),
        approved_by=evaluation.officer,
    )

    with pytest.raises(ApplicationError, match="approvata"):
        consensus_reopen(
            actor=evaluation.officer, review=evaluation.review, reason="Ricorso."
        )

    evaluation.review.refresh_from_db()
    assert evaluation.review.total_score == Decimal("75.00")


def test_the_reopen_page_records_the_reason(client, sign_in, evaluation):
    _two_submitted(evaluation)
    consensus_record(
        actor=evaluation.officer,
        review=evaluation.review,
        scores=_rows(evaluation, ["20", "20", "15", "10", "10"]),
    )
    sign_in(evaluation.officer)
    url = reverse("reviews-evaluation:consensus-reopen", args=[evaluation.review.pk])

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == HTTPStatus.BAD_REQUEST
    assert "Indicare il motivo della riapertura." in empty.content.decode()

    done = client.post(url, {"reason": "Errore materiale."})
    assert done.status_code == HTTPStatus.FOUND
    evaluation.review.refresh_from_db()
    assert evaluation.review.reopen_count == 1
