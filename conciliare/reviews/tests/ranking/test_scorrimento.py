"""Scorrimento: funds freed by a renunciation or a reduction go down the
ranking, never taking money from an entry above."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.reviews.models import RankingOutcome, RankingStepKind
from conciliare.reviews.ranking_services import ranking_approve, ranking_compute
from conciliare.reviews.scorrimento_services import ranking_reduce, ranking_renounce

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(scored_call):
    """Budget 100,000: A 40,000 and B 40,000 funded, C partly funded
    (20,000 of 30,000), D (10,000) not funded."""
    call, apps = scored_call(
        totals=[90, 85, 80, 75],
        grants=["40000.00", "40000.00", "30000.00", "10000.00"],
    )
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    ranking = ranking_compute(actor=officer, call=call)
    ranking_approve(
        actor=officer,
        ranking=ranking,
        act_number="10/2026",
        act_date=date(2026, 2, 1),
        committee_minutes="Verbale.",
    )
    ranking.refresh_from_db()
    entries = [ranking.entries.get(application=a) for a in apps]
    return officer, ranking, entries


def states(ranking):
    return [(e.outcome, e.grant_awarded) for e in ranking.entries.order_by("position")]


def test_a_renunciation_tops_up_the_partly_funded_one_first_then_the_next(
    approved, django_capture_on_commit_callbacks
):
    officer, ranking, (a, _b, c, d) = approved
    assert c.outcome == RankingOutcome.PARTLY_FUNDED
    with django_capture_on_commit_callbacks(execute=True):
        step = ranking_renounce(
            actor=officer,
            entry=a,
            reason="L'ente capofila rinuncia.",
            act_number="11/2026",
            act_date=date(2026, 3, 1),
        )
    assert states(ranking) == [
        (RankingOutcome.RENOUNCED, Decimal("0.00")),
        (RankingOutcome.FUNDED, Decimal("40000.00")),
        (RankingOutcome.FUNDED, Decimal("30000.00")),
        (RankingOutcome.FUNDED, Decimal("10000.00")),
    ]
    ranking.refresh_from_db()
    assert ranking.allocated == Decimal("80000.00")
    assert step.number == 1
    assert step.kind == RankingStepKind.RENOUNCE
    assert {change["entry"] for change in step.changes} == {a.pk, c.pk, d.pk}
    moved = next(ch for ch in step.changes if ch["entry"] == c.pk)
    assert moved["awarded"] == ["20000.00", "30000.00"]
    assert AuditEvent.objects.filter(verb="ranking.renounce").exists()
    assert sum("Scorrimento" in m.subject for m in mail.outbox) == 2


def test_a_reduction_caps_the_entry_and_frees_the_difference(approved):
    officer, ranking, (_a, b, c, d) = approved
    step = ranking_reduce(
        actor=officer, entry=b, amount=Decimal("35000"), reason="Spese non ammesse."
    )
    b.refresh_from_db()
    assert b.outcome == RankingOutcome.PARTLY_FUNDED
    assert b.grant_awarded == b.grant_cap == Decimal("35000.00")
    c.refresh_from_db()
    assert c.grant_awarded == Decimal("25000.00")  # topped up, still partly
    d.refresh_from_db()
    assert d.grant_awarded == 0
    assert step.kind == RankingStepKind.REDUCTION
    # a later renunciation keeps the reduced cap
    ranking_renounce(actor=officer, entry=c, reason="Rinuncia.")
    b.refresh_from_db()
    d.refresh_from_db()
    assert b.grant_awarded == Decimal("35000.00")
    assert d.outcome == RankingOutcome.FUNDED
    assert list(ranking.steps.values_list("number", flat=True)) == [1, 2]


def test_nothing_above_the_entry_that_frees_funds_changes(approved):
    officer, ranking, (_a, _b, c, _d) = approved
    before = states(ranking)
    ranking_renounce(actor=officer, entry=c, reason="Rinuncia.")
    after = states(ranking)
    assert after[:2] == before[:2]
    assert after[2] == (RankingOutcome.RENOUNCED, Decimal("0.00"))
    assert after[3] == (RankingOutcome.FUNDED, Decimal("10000.00"))


def test_scorrimento_refuses_what_it_cannot_do(approved):
    officer, ranking, (a, _b, _c, d) = approved
    with pytest.raises(ApplicationError):
        ranking_renounce(actor=officer, entry=d, reason="Rinuncia.")
    with pytest.raises(ValidationError) as exc:
        ranking_renounce(actor=officer, entry=a, reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        ranking_reduce(actor=officer, entry=a, amount=Decimal("40000"), reason="x")
    assert "amount" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        ranking_renounce(
            actor=make_user(Role.REGIONAL_OFFICER), entry=a, reason="Rinuncia."
        )
    assert not ranking.steps.exists()
