"""The order of the ranking and its tie-breaks."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Submission
from conciliare.reviews.ranking_order import Contender, rank_order
from conciliare.reviews.ranking_services import ranking_compute

T0 = datetime(2026, 1, 10, 9, 0)


def contender(key, total, first="10", seconds=0, grant="10000", share="0.3"):
    return Contender(
        key=key,
        total=Decimal(total),
        submitted_at=T0 + timedelta(seconds=seconds),
        grant=Decimal(grant),
        cofinancing_share=Decimal(share),
        criteria={1: Decimal(first)},
    )


def test_a_tie_is_decided_by_criterion_1_then_by_the_earlier_submission():
    placed = rank_order(
        [
            contender(1, "80", first="15", seconds=5),
            contender(2, "80", first="20", seconds=9),
            contender(3, "80", first="15", seconds=1),
            contender(4, "90"),
        ],
        ["criterion:1", "submitted_at"],
        {1: "Coerenza"},
    )
    assert [p.contender.key for p in placed] == [4, 2, 3, 1]
    notes = {p.contender.key: p.tie_break_note for p in placed}
    assert notes[4] == ""
    assert "criterio 1 (Coerenza)" in notes[2]
    assert "posizione 3" in notes[2]
    assert "criterio 1" in notes[3]  # against position 2, above it
    assert "invio più rapido" in notes[1]  # against position 3: same points
    assert "posizione 3" in notes[1]


def test_lower_grant_and_higher_cofinancing_tie_breaks():
    placed = rank_order(
        [
            contender(1, "70", grant="30000", share="0.5"),
            contender(2, "70", grant="20000", share="0.3"),
        ],
        ["lower_grant"],
    )
    assert [p.contender.key for p in placed] == [2, 1]
    placed = rank_order(
        [
            contender(1, "70", grant="30000", share="0.5"),
            contender(2, "70", grant="20000", share="0.3"),
        ],
        ["higher_cofinancing"],
    )
    assert [p.contender.key for p in placed] == [1, 2]
    assert "cofinanziamento" in placed[0].tie_break_note


def test_an_unbroken_tie_falls_back_on_the_order_of_registration():
    placed = rank_order([contender(7, "70"), contender(3, "70")], ["criterion:1"])
    assert [p.contender.key for p in placed] == [3, 7]
    assert "ordine di registrazione" in placed[1].tie_break_note


@pytest.mark.django_db
def test_the_computed_ranking_records_what_decided_each_tie(scored_call):
    call, apps = scored_call(
        totals=[80, 80, 80],
        firsts=[16, 20, 16],
        grants=["10000.00", "10000.00", "10000.00"],
    )
    # the third was submitted before the first
    first = Submission.objects.get(pk=apps[0].current_submission_id)
    Submission.objects.filter(pk=apps[2].current_submission_id).update(
        submitted_at=first.submitted_at - timedelta(hours=1),
        received_at=first.submitted_at - timedelta(hours=1),
    )
    ranking = ranking_compute(
        actor=make_user(Role.ATS_OFFICER, ats=call.ats), call=call
    )
    entries = {e.application_id: e for e in ranking.entries.all()}
    assert [entries[a.pk].position for a in apps] == [3, 1, 2]
    # each note tells what separated the entry from the one above it
    assert "criterio 1" in entries[apps[1].pk].tie_break_note  # vs position 2
    assert "criterio 1" in entries[apps[2].pk].tie_break_note
    assert "invio più rapido" in entries[apps[0].pk].tie_break_note
