"""The plan's template: created from the default text, edited by the ATS's
officers with its placeholders checked by name."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.plans.agreement_defaults import DEFAULT_BODY, PLACEHOLDERS
from conciliare.plans.agreement_services import (
    agreement_template_for,
    agreement_template_update,
    placeholders_unknown,
)
from conciliare.plans.tests.agreement_factories import make_agreement_plan

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "body": DEFAULT_BODY,
        "advance_share": Decimal("40.00"),
        "interim_report_months": 12,
        "final_report_days": 60,
        "sample_share": Decimal("10.00"),
        "reminder_days_before": 15,
        "reminder_days_after": 7,
    }
    data.update(overrides)
    return data


def test_the_default_text_uses_every_placeholder_and_no_other():
    assert placeholders_unknown(DEFAULT_BODY) == []
    for name in PLACEHOLDERS:
        assert f"{{{name}}}" in DEFAULT_BODY
    for heading in ("Oggetto", "Durata", "Contributo", "rendicontazione", "revoca"):
        assert heading in DEFAULT_BODY
    assert "Regolamento (UE) 2016/679" in DEFAULT_BODY


def test_a_plan_gets_its_template_on_first_use_with_half_in_advance():
    setup = make_agreement_plan(grants=("30000.00",))

    template = agreement_template_for(plan=setup.plan)

    assert template.body == DEFAULT_BODY
    assert template.advance_share == Decimal("50.00")
    assert agreement_template_for(plan=setup.plan) == template


def test_an_officer_changes_the_schedule_and_it_is_audited():
    setup = make_agreement_plan(grants=("30000.00",))

    template = agreement_template_update(
        actor=setup.officer, plan=setup.plan, data=_data()
    )

    assert template.advance_share == Decimal("40.00")
    event = AuditEvent.objects.get(verb="agreement_template.update")
    assert "advance_share" in event.changes


def test_an_unknown_placeholder_is_refused_by_name():
    setup = make_agreement_plan(grants=("30000.00",))

    with pytest.raises(ValidationError) as refused:
        agreement_template_update(
            actor=setup.officer,
            plan=setup.plan,
            data=_data(body="Contributo a {beneficiario} di {contributo} { iban }."),
        )

    message = refused.value.message_dict["body"][0]
    assert "{beneficiario}" in message
    assert "{iban}" in message
    assert "{contributo}," not in message.split("disponibili")[0]
    assert agreement_template_for(plan=setup.plan).body == DEFAULT_BODY


@pytest.mark.parametrize("share", ["-1", "100.01"])
def test_the_advance_share_is_a_percentage(share):
    setup = make_agreement_plan(grants=("30000.00",))

    with pytest.raises(ValidationError) as refused:
        agreement_template_update(
            actor=setup.officer,
            plan=setup.plan,
            data=_data(advance_share=Decimal(share)),
        )

    assert "tra 0 e 100" in refused.value.message_dict["advance_share"][0]


def test_an_officer_of_another_ats_may_not_change_the_template():
    setup = make_agreement_plan(grants=("30000.00",))

    with pytest.raises(PermissionDenied):
        agreement_template_update(
            actor=make_user(Role.ATS_OFFICER, ats=ats("brianza")),
            plan=setup.plan,
            data=_data(),
        )
