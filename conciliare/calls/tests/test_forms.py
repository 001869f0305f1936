"""The forms of the calls: Italian numbers, only the user's ATS, a
rettifica made of what changed, rows that skip blank and deleted ones."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.call_forms import CallAmendForm, CallForm, DecimalCommaField
from conciliare.calls.forms import CriterionFormSet
from conciliare.calls.tests.factories import make_call, make_guidance
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("337.126,00", Decimal("337126.00")),
        ("337126,5", Decimal("337126.5")),
        ("50.000", Decimal("50000")),
        ("€ 1.500,50", Decimal("1500.50")),
        ("20.5", Decimal("20.5")),
    ],
)
def test_numbers_are_read_the_italian_way(typed, value):
    assert DecimalCommaField().clean(typed) == value


def test_the_ats_choices_are_the_officers_own_and_preselected():
    officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    make_guidance()
    make_guidance(ats_slug="brescia")
    period = ProgrammingPeriod.objects.get(slug="2020-2023")

    form = CallForm(user=officer, period=period)

    assert list(form.fields["ats"].queryset) == [ats("milano")]
    assert form.initial["ats"] == ats("milano").pk
    guidance = form.fields["guidance"].queryset
    assert {g.ats.slug for g in guidance} == {"milano"}


def _amend_data(call, **overrides):
    data = {
        "title": call.title,
        "description": call.description,
        "closes_at": timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "min_grant": "0,00",
        "max_grant": "50.000,00",
        "min_cofinancing_share": "30",
        "activities_end_by": call.activities_end_by.isoformat(),
        "areas": [str(a.pk) for a in call.areas.all()],
        "reason": "Motivo",
    }
    data.update(overrides)
    return data


def test_a_rettifica_is_made_of_the_fields_that_changed():
    call = make_call()

    untouched = CallAmendForm(_amend_data(call), call=call)
    changed = CallAmendForm(
        _amend_data(call, max_grant="45.000", areas=[str(call.areas.first().pk)]),  # type: ignore[union-attr]
        call=call,
    )

    assert untouched.is_valid(), untouched.errors
    assert untouched.changes() == {}
    assert changed.is_valid(), changed.errors
    assert set(changed.changes()) == {"max_grant", "areas"}
    assert changed.changes()["max_grant"] == Decimal("45000")


def test_blank_and_deleted_rows_are_left_out():
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "2",
        "criteria-0-name": "Qualità",
        "criteria-0-max_points": "40",
        "criteria-0-weight": "1",
        "criteria-1-name": "Partenariato",
        "criteria-1-max_points": "20",
        "criteria-1-weight": "1",
        "criteria-1-DELETE": "on",
        "criteria-2-weight": "1,00",  # the blank row as shown
    }

    formset = CriterionFormSet(data, prefix="criteria")

    assert formset.is_valid(), formset.errors
    assert formset.rows() == [
        {
            "name": "Qualità",
            "description": "",
            "max_points": Decimal("40"),
            "weight": Decimal("1"),
        }
    ]
