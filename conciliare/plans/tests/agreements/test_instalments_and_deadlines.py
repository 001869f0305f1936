"""The payment schedule adds up to the grant to the cent, and the report
deadlines come from the plan's monitoring, else from the template."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conciliare.plans.agreement_services import (
    agreements_generate,
    instalments_split,
    months_after,
)
from conciliare.plans.models import DeadlineKind, InstalmentKind
from conciliare.plans.tests.agreement_factories import (
    PROJECT_LENGTH_DAYS,
    PROJECT_START_DAYS,
    make_agreement_plan,
)


@pytest.mark.parametrize(
    ("grant", "share", "advance", "balance"),
    [
        ("45000.01", "33.33", "14998.50", "30001.51"),
        ("45000.00", "50.00", "22500.00", "22500.00"),
        ("0.03", "50.00", "0.02", "0.01"),
        ("10000.01", "12.34", "1234.00", "8766.01"),
        ("99999.99", "66.67", "66669.99", "33330.00"),
    ],
)
def test_advance_and_balance_add_up_to_the_grant_exactly(
    grant, share, advance, balance
):
    instalments = instalments_split(grant=Decimal(grant), advance_share=Decimal(share))

    assert [i.kind for i in instalments] == [
        InstalmentKind.ADVANCE,
        InstalmentKind.BALANCE,
    ]
    assert [i.amount for i in instalments] == [Decimal(advance), Decimal(balance)]
    assert sum(i.amount for i in instalments) == Decimal(grant)
    assert sum(i.share for i in instalments) == 100
    assert instalments[0].condition == "alla sottoscrizione della convenzione"
    assert instalments[1].condition == "all'approvazione della rendicontazione finale"


def test_every_share_to_the_cent_adds_up():
    for cents in range(0, 10001, 7):
        share = Decimal(cents) / 100
        for grant in (Decimal("45000.01"), Decimal("1.01"), Decimal("33333.33")):
            instalments = instalments_split(grant=grant, advance_share=share)
            assert sum(i.amount for i in instalments) == grant


def test_no_advance_is_one_balance_and_full_advance_is_one_advance():
    (balance,) = instalments_split(grant=Decimal("30000"), advance_share=Decimal(0))
    assert (balance.kind, balance.share, balance.amount) == (
        InstalmentKind.BALANCE,
        Decimal(100),
        Decimal("30000.00"),
    )
    (advance,) = instalments_split(grant=Decimal("30000"), advance_share=Decimal(100))
    assert (advance.kind, advance.share, advance.amount) == (
        InstalmentKind.ADVANCE,
        Decimal(100),
        Decimal("30000.00"),
    )


def test_months_after_keeps_the_day_or_the_end_of_a_shorter_month():
    assert months_after(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert months_after(date(2023, 11, 15), 12) == date(2024, 11, 15)
    assert months_after(date(2023, 12, 1), 1) == date(2024, 1, 1)


@pytest.mark.django_db
def test_deadlines_come_from_the_plan_monitoring_milestones():
    setup = make_agreement_plan(grants=("30000.00",), milestones=True)

    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)

    today = timezone.localdate()
    assert [(d.kind, d.due_on) for d in agreement.deadlines.all()] == [
        (DeadlineKind.INTERIM_REPORT, today + timedelta(days=300)),
        (DeadlineKind.FINAL_REPORT, today + timedelta(days=700)),
    ]
    assert agreement.deadlines.all()[0].description == "Relazione intermedia del Piano"


@pytest.mark.django_db
def test_without_milestones_the_deadlines_come_from_the_template_and_project_dates():
    setup = make_agreement_plan(grants=("30000.00",))

    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)

    start = timezone.localdate() + timedelta(days=PROJECT_START_DAYS)
    end = start + timedelta(days=PROJECT_LENGTH_DAYS)
    assert [(d.kind, d.due_on) for d in agreement.deadlines.all()] == [
        (DeadlineKind.INTERIM_REPORT, months_after(start, 12)),
        (DeadlineKind.FINAL_REPORT, end + timedelta(days=60)),
    ]
