"""Generating the agreements of a plan: one per funded project, numbered,
with the text from the template; idempotent; never from a draft plan."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.plans.agreement_services import (
    agreement_template_update,
    agreements_generate,
)
from conciliare.plans.models import Agreement, AgreementStatus, PlanStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status", [PlanStatus.APPROVED, PlanStatus.SENT, PlanStatus.VALIDATED]
)
def test_an_approved_plan_gets_one_agreement_per_funded_project(status):
    setup = make_agreement_plan(grants=("45000.01", "30000.00"), status=status)

    created = agreements_generate(actor=setup.officer, version=setup.version)

    assert setup.version.act_date is not None
    year = setup.version.act_date.year  # the year of the plan's act
    assert [a.number for a in created] == [f"CONV-321-{year}-01", f"CONV-321-{year}-02"]
    first = created[0]
    assert first.project == setup.projects[0]
    assert first.status == AgreementStatus.DRAFT
    assert first.grant == Decimal("45000.01")
    assert first.ats == setup.plan.ats
    assert [(i.kind, i.amount) for i in first.instalments.all()] == [
        ("advance", Decimal("22500.01")),
        ("balance", Decimal("22500.00")),
    ]
    lead = setup.teams[0].lead
    assert lead.legal_name in first.body
    assert "«Tempi per le famiglie 1»" in first.body
    assert "€ 45.000,01" in first.body
    assert "anticipo di € 22.500,01" in first.body
    assert "atto n. 212 del" in first.body
    assert "{" not in first.body
    assert AuditEvent.objects.filter(verb="agreement.generate").count() == 2


def test_generating_again_adds_nothing_and_keeps_the_numbers():
    setup = make_agreement_plan()
    first = agreements_generate(actor=setup.officer, version=setup.version)

    again = agreements_generate(actor=setup.officer, version=setup.version)

    assert again == []
    assert list(Agreement.objects.values_list("number", flat=True)) == [
        a.number for a in first
    ]
    assert AuditEvent.objects.filter(verb="agreement.refresh").count() == 0


def test_a_draft_plan_gets_no_agreements():
    setup = make_agreement_plan(status=PlanStatus.DRAFT)

    with pytest.raises(ApplicationError, match="piano approvato"):
        agreements_generate(actor=setup.officer, version=setup.version)

    assert not Agreement.objects.exists()


def test_an_officer_of_another_ats_may_not_generate():
    setup = make_agreement_plan()
    other = make_user(Role.ATS_OFFICER, ats=ats("brianza"))

    with pytest.raises(PermissionDenied):
        agreements_generate(actor=other, version=setup.version)


def test_the_numbers_continue_after_the_agreements_already_issued():
    setup = make_agreement_plan(grants=("30000.00",))
    (first,) = agreements_generate(actor=setup.officer, version=setup.version)
    # another project joins the plan (a rimodulazione before validation)
    extra = make_agreement_plan(grants=("20000.00",), ats_slug="brianza")
    row = extra.rows[0]
    row.project.code = "321-2020-99"
    row.project.ats = setup.plan.ats
    row.project.save()
    row.version = setup.version
    row.position = 2
    row.save()

    (second,) = agreements_generate(actor=setup.officer, version=setup.version)

    assert second.number == first.number[:-2] + "02"


def test_a_template_change_updates_the_agreements_still_to_sign():
    setup = make_agreement_plan(grants=("45000.01",))
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)

    agreement_template_update(
        actor=setup.officer,
        plan=setup.plan,
        data={
            "body": "Convenzione con {capofila}: anticipo {anticipo}, saldo {saldo}.",
            "advance_share": Decimal("33.33"),
            "interim_report_months": 6,
            "final_report_days": 90,
            "sample_share": Decimal("10.00"),
            "reminder_days_before": 15,
            "reminder_days_after": 7,
        },
    )

    agreement.refresh_from_db()
    assert agreement.body == (
        f"Convenzione con {setup.teams[0].lead.legal_name}: "
        "anticipo € 14.998,50, saldo € 30.001,51."
    )
    assert [i.amount for i in agreement.instalments.all()] == [
        Decimal("14998.50"),
        Decimal("30001.51"),
    ]
    assert AuditEvent.objects.filter(verb="agreement.refresh").count() == 1
