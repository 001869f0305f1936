"""The demo carries ATS Milano's 2020-2023 projects through their reports,
statements and payments, and gives every ATS's synthetic projects figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from conciliare.monitoring.balance import balance_compute
from conciliare.monitoring.models import (
    Expense,
    ExpenseCheck,
    MonitoringReport,
    Payment,
    PaymentKind,
    ReportKind,
    StatementKind,
    StatementStatus,
)
from conciliare.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


def test_the_2020_projects_were_carried_out_reported_and_paid(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")

    # the replayed past e-mails no one
    assert not [m for m in mailoutbox if "321-2020-0" in m.subject + m.body]
    projects = {
        p.alliance.slug: p
        for p in Project.objects.filter(code__startswith="321-2020-").select_related(
            "alliance"
        )
    }

    # four balances paid; ConciliAmoci's final statement waits for the ATS
    assert {slug: p.status for slug, p in projects.items()} == {
        "associazione-irene": ProjectStatus.BALANCE_PAID,
        "distretto-ovest-alto-milanese": ProjectStatus.BALANCE_PAID,
        "conciliamoci": ProjectStatus.COMPLETED,
        "alleanza-sud-sud-est-milano": ProjectStatus.BALANCE_PAID,
        "labor-ambito-lodi": ProjectStatus.BALANCE_PAID,
    }
    waiting = projects["conciliamoci"].statements.get(kind=StatementKind.FINAL)
    assert waiting.status == StatementStatus.SUBMITTED
    assert all(p.ends_on == date(2023, 5, 31) for p in projects.values())

    # each lead body's own representative filed its reports
    assert set(
        MonitoringReport.objects.filter(project__in=projects.values()).values_list(
            "project__alliance__slug", "submitted_by__email"
        )
    ) == {
        ("associazione-irene", "irene@conciliare.demo"),
        ("distretto-ovest-alto-milanese", "magnago@conciliare.demo"),
        ("conciliamoci", "arche@conciliare.demo"),
        ("alleanza-sud-sud-est-milano", "spazioaperto@conciliare.demo"),
        ("labor-ambito-lodi", "lodigiano@conciliare.demo"),
    }

    # the advance is half the grant, paid in August 2020
    agriwel = projects["associazione-irene"]
    advance = agriwel.payments.get(kind=PaymentKind.ADVANCE)
    assert (advance.amount, advance.paid_on) == (Decimal("52500.00"), date(2020, 8, 5))

    # Alleanza Sud spent 88% of its budget: its grant is reduced in proportion
    sud = projects["alleanza-sud-sud-est-milano"]
    balance = sud.payments.get(kind=PaymentKind.BALANCE)
    eligible = Decimal(balance.computation["eligible_expenditure"])
    expected = balance_compute(
        grant=Decimal("91000.00"),
        eligible_expenditure=eligible,
        min_cofinancing_share=Decimal("30.00"),
        already_paid=Decimal("45500.00"),
    )
    assert expected.is_reduced
    assert balance.amount == expected.balance == Decimal("34580.00")

    # every expense of a checked statement was checked, with its document
    checked = Expense.objects.filter(
        statement__project__in=projects.values(),
        statement__status=StatementStatus.CHECKED,
    )
    assert checked.exists()
    assert not checked.filter(check_status=ExpenseCheck.PENDING).exists()
    assert checked.filter(check_status=ExpenseCheck.PARTLY_ELIGIBLE).exists()

    # AGRIWEL's statements drew their sample of self-declarations from a seed
    sampled = agriwel.statements.exclude(sample_seed=None)
    assert sampled.count() == 2
    assert Expense.objects.filter(statement__in=sampled, sampled=True).exists()

    # Lodi's interim report came a week late, the others on time
    late = [
        r.project.alliance.slug
        for r in MonitoringReport.objects.filter(
            project__in=projects.values(), kind=ReportKind.INTERIM
        ).select_related("project__alliance")
        if r.is_late
    ]
    assert late == ["labor-ambito-lodi"]


def test_every_ats_with_synthetic_projects_has_their_figures():
    call_command("load_demo")
    synthetic = set(
        Project.objects.filter(
            code__contains="-D", period__slug="2020-2023"
        ).values_list("ats__slug", flat=True)
    )
    paid = set(Payment.objects.values_list("ats__slug", flat=True))
    reported = set(MonitoringReport.objects.values_list("ats__slug", flat=True))
    # at scale 1 the five ATS without real alliances have synthetic projects;
    # Milano has its real cycle; Bergamo and Brescia only their real projects,
    # whose monitoring no source gives (they show no figures)
    assert len(synthetic) == 5
    assert paid == reported == synthetic | {"milano"}

    # and running the demo again adds nothing
    before = (Payment.objects.count(), MonitoringReport.objects.count())
    call_command("load_demo")
    assert (Payment.objects.count(), MonitoringReport.objects.count()) == before
