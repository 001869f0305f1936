from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conciliare.applications.forms import (
    AttachmentUploadForm,
    GeneralForm,
    PartnerConfirmForm,
)
from conciliare.applications.row_forms import BudgetRowForm, formset_for
from conciliare.applications.services import application_create
from conciliare.applications.tests.factories import make_team, pdf_file
from conciliare.calls.tests.factories import make_call
from conciliare.registry.models import Organisation
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    call = make_call()
    team = make_team(ats=call.ats)
    application = application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="Tempi comuni"
    )
    organisations = Organisation.objects.filter(
        pk__in=[team.lead.pk, *(p.pk for p in team.partners)]
    )
    return application, team, organisations


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_budget_amounts_are_read_as_italians_type_them(setup):
    _application, team, organisations = setup
    form = BudgetRowForm(
        {
            "organisation": str(team.lead.pk),
            "category": "services",
            "cost": "€ 12.500,50",
            "grant_requested": "10000",
            "cofinancing_source": "own",
        },
        organisations=organisations,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cost"] == Decimal("12500.50")
    assert form.cofinancing() == Decimal("2500.50")


def test_a_budget_line_of_an_outsider_is_refused_by_the_form(setup):
    _application, _team, organisations = setup
    outsider = OrganisationFactory.create()
    form = BudgetRowForm(
        {
            "organisation": str(outsider.pk),
            "category": "services",
            "cost": "1",
            "grant_requested": "1",
        },
        organisations=organisations,
    )
    assert not form.is_valid()
    assert "organisation" in form.errors


def test_the_formset_gives_filled_rows_and_maps_service_errors_back(setup):
    application, _team, organisations = setup
    data = {
        **_management("indicators", 3),
        "indicators-0-name": "Lavoratori",
        "indicators-0-unit": "persone",
        "indicators-0-baseline": "0",
        "indicators-0-target": "12,5",
        # row 1 is left empty
        "indicators-2-name": "Imprese",
        "indicators-2-unit": "imprese",
        "indicators-2-baseline": "1",
        "indicators-2-target": "4",
    }
    formset = formset_for("indicators", application, organisations, data)
    assert formset.is_valid(), formset.errors

    rows = formset.rows()

    assert [row["name"] for row in rows] == ["Lavoratori", "Imprese"]
    assert rows[0]["target"] == Decimal("12.5")
    formset.add_service_errors(ValidationError({"1-target": ["Troppo alto."]}))
    assert formset.forms[2].errors["target"] == ["Troppo alto."]
    assert not formset.forms[0].errors


def test_the_general_form_offers_only_the_calls_areas(setup):
    application, _team, _organisations = setup
    form = GeneralForm(application=application)
    offered = set(form.fields["areas"].queryset)
    assert offered == set(application.call.areas.all())
    assert set(GeneralForm.initial_for(application)) == {
        "title",
        "summary",
        "objectives",
        "areas",
        "starts_on",
        "ends_on",
    }


def test_an_upload_is_checked_by_content(setup):
    fake = SimpleUploadedFile(
        "accordo.pdf", b"plain text", content_type="application/pdf"
    )
    form = AttachmentUploadForm({}, {"file": fake}, needs_title=False)
    assert not form.is_valid()
    assert "file" in form.errors
    assert "title" not in form.fields

    form = AttachmentUploadForm({}, {"file": pdf_file()}, needs_title=True)
    assert not form.is_valid()
    assert "title" in form.errors


def test_the_organisation_is_asked_only_when_the_person_represents_several(setup):
    _application, team, _organisations = setup
    one = Organisation.objects.filter(pk=team.partners[0].pk)
    form = PartnerConfirmForm(organisations=one)
    assert form.fields["organisation"].widget.is_hidden
    two = Organisation.objects.filter(pk__in=[p.pk for p in team.partners[:2]])
    assert (
        not PartnerConfirmForm(organisations=two)
        .fields["organisation"]
        .widget.is_hidden
    )
