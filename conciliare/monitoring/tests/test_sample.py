"""The sample of self-declarations: the pure functions of ``sampling`` and
a draw recorded by the service, repeated by anyone from its seed."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliare.audit.models import AuditEvent
from conciliare.monitoring import sampling
from conciliare.monitoring.models import ExpenseEvidence
from conciliare.monitoring.statement_sample_services import statement_sample_draw
from conciliare.monitoring.tests.test_statement_services import (
    started,
    submitted_statement,
)

SHARES = st.decimals(min_value=0, max_value=100, places=2)
SEEDS = st.integers(min_value=0, max_value=2**62)


@pytest.mark.parametrize(
    ("population", "share", "size"),
    [
        (0, Decimal("10"), 0),
        (5, Decimal("0"), 0),
        (1, Decimal("10"), 1),
        (3, Decimal("10"), 1),
        (10, Decimal("10"), 1),
        (11, Decimal("10"), 2),
        (25, Decimal("10"), 3),
        (5, Decimal("50"), 3),
        (7, Decimal("100"), 7),
        (200, Decimal("12.5"), 25),
    ],
)
def test_the_sample_is_the_share_rounded_up_and_at_least_one(population, share, size):
    assert sampling.sample_size(population, share) == size


def test_a_new_seed_fits_the_database_column():
    seeds = {sampling.seed_new() for _ in range(50)}
    assert all(0 <= seed < 2**63 for seed in seeds)
    assert len(seeds) > 1


@given(
    ids=st.lists(st.integers(min_value=1, max_value=10**9), max_size=60, unique=True),
    share=SHARES,
    seed=SEEDS,
)
def test_the_same_seed_and_share_draw_the_same_ids_in_any_order(ids, share, seed):
    drawn = sampling.sample_draw(ids, share=share, seed=seed)

    assert drawn == sampling.sample_draw(list(reversed(ids)), share=share, seed=seed)
    assert drawn == sorted(drawn)
    assert set(drawn) <= set(ids)
    assert len(drawn) == sampling.sample_size(len(ids), share)


def test_different_seeds_draw_different_samples():
    ids = list(range(1, 101))
    samples = {
        tuple(sampling.sample_draw(ids, share=Decimal("10"), seed=seed))
        for seed in range(20)
    }
    assert len(samples) > 1


@pytest.mark.django_db
def test_anyone_repeats_the_recorded_draw_from_the_audit_log():
    # given a statement with 12 self-declarations among 15 expenses
    funded = started()
    statement = submitted_statement(funded, invoices=3, declarations=12)

    # when the officer draws the sample
    drawn = statement_sample_draw(actor=funded.officer, statement=statement)

    # then the recorded seed and share, on the population's ids, give the
    # same expenses again: 10% of 12, rounded up
    statement.refresh_from_db()
    event = AuditEvent.objects.for_object(statement).get(verb="statement.sample_draw")
    population = event.changes["population"][1]
    assert population == sorted(
        statement.expenses.filter(
            evidence=ExpenseEvidence.SELF_DECLARATION
        ).values_list("pk", flat=True)
    )
    repeated = sampling.sample_draw(
        population,
        share=Decimal(event.changes["sample_share"][1]),
        seed=int(event.changes["sample_seed"][1]),
    )
    assert repeated == [expense.pk for expense in drawn]
    assert len(repeated) == 2
    assert statement.sample_share is not None
    assert statement.sample_seed is not None
    assert repeated == sampling.sample_draw(
        population, share=statement.sample_share, seed=statement.sample_seed
    )
    assert (
        sorted(statement.expenses.filter(sampled=True).values_list("pk", flat=True))
        == repeated
    )
