"""The pages of the agreements: the plan's template, generation and list,
the agreement with its signature form, the lead body's read-only view."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.agreement_defaults import DEFAULT_BODY
from conciliare.plans.agreement_services import (
    agreement_sign,
    agreement_template_for,
    agreements_generate,
)
from conciliare.plans.models import Agreement, AgreementStatus, PlanStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan, signed_pdf
from conciliare.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db


def _template_post(**overrides):
    data = {
        "body": DEFAULT_BODY,
        "advance_share": "40,00",
        "interim_report_months": "12",
        "final_report_days": "60",
        "sample_share": "10",
        "reminder_days_before": "15",
        "reminder_days_after": "7",
    }
    data.update(overrides)
    return data


def test_an_officer_saves_the_template_and_generates_the_agreements(client, sign_in):
    setup = make_agreement_plan(grants=("45000.01", "30000.00"))
    sign_in(setup.officer)
    page = reverse("agreements:plan-agreements", args=[setup.plan.pk])

    saved = client.post(
        reverse("agreements:template-update", args=[setup.plan.pk]), _template_post()
    )
    assert saved.status_code == 302
    assert agreement_template_for(plan=setup.plan).advance_share == 40

    generated = client.post(
        reverse("agreements:agreements-generate", args=[setup.plan.pk]), follow=True
    )
    assert generated.redirect_chain[-1][0] == page
    assert "2 convenzioni predisposte" in generated.content.decode()
    content = client.get(page).content.decode()
    assert "CONV-321-" in content
    assert "18.000,00" in content  # 40% of 45,000.01, rounded half-up
    assert "27.000,01" in content


def test_an_unknown_placeholder_is_shown_beside_the_text_and_kept(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",))
    sign_in(setup.officer)

    response = client.post(
        reverse("agreements:template-update", args=[setup.plan.pk]),
        _template_post(body="Al {beneficiario} spetta {contributo}."),
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_body_error"' in content
    assert "Segnaposto sconosciuto: {beneficiario}" in content
    assert "Al {beneficiario} spetta {contributo}." in content


def test_generating_from_a_draft_plan_is_refused_with_a_message(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",), status=PlanStatus.DRAFT)
    sign_in(setup.officer)

    response = client.post(
        reverse("agreements:agreements-generate", args=[setup.plan.pk]), follow=True
    )

    assert "dopo l&#x27;approvazione del piano" in response.content.decode()
    assert not Agreement.objects.exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_list_of_a_plan_is_read_in_a_constant_number_of_queries(client, sign_in):
    small = make_agreement_plan(grants=("30000.00",), milestones=True)
    agreements_generate(actor=small.officer, version=small.version)
    large = make_agreement_plan(
        grants=("30000.00", "20000.00", "10000.00", "15000.00"),
        ats_slug="brianza",
        milestones=True,
    )
    agreements_generate(actor=large.officer, version=large.version)

    sign_in(small.officer)
    few, _content = _queries(
        client, reverse("agreements:plan-agreements", args=[small.plan.pk])
    )
    sign_in(large.officer)
    many, content = _queries(
        client, reverse("agreements:plan-agreements", args=[large.plan.pk])
    )

    assert content.count('<th scope="row"><a href="/area-riservata/convenzioni/') == 4
    assert many == few


def test_an_officer_signs_with_the_date_and_the_file(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",))
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)
    sign_in(setup.officer)
    url = reverse("agreements:agreement-sign", args=[agreement.pk])

    missing = client.post(url, {"signed_on": timezone.localdate().isoformat()})
    assert missing.status_code == 400
    assert 'id="id_signed_file_error"' in missing.content.decode()
    assert "Allegare la convenzione sottoscritta" in missing.content.decode()

    future = client.post(
        url,
        {
            "signed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "signed_file": signed_pdf(),
        },
    )
    assert future.status_code == 400
    assert 'id="id_signed_on_error"' in future.content.decode()

    signed = client.post(
        url,
        {"signed_on": timezone.localdate().isoformat(), "signed_file": signed_pdf()},
        follow=True,
    )
    assert "sottoscritta" in signed.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.project.status == ProjectStatus.AGREEMENT_SIGNED
    assert 'id="sign"' not in signed.content.decode()


def test_the_sign_form_waits_for_the_validation_of_the_plan(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",), status=PlanStatus.SENT)
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)
    sign_in(setup.officer)

    response = client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))

    assert 'id="sign-not-ready"' in response.content.decode()
    assert "signed_file" not in response.content.decode()


def test_the_lead_representative_reads_the_agreement_without_the_officer_tools(
    client, sign_in
):
    setup = make_agreement_plan(grants=("30000.00",))
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)
    sign_in(setup.teams[0].lead_rep)

    listing = client.get(reverse("agreements:agreement-list")).content.decode()
    page = client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))

    assert agreement.number in listing
    content = page.content.decode()
    assert page.status_code == 200
    assert "€ 15.000,00" in content
    assert "Registro eventi" not in content
    assert 'id="sign"' not in content
    assert reverse("agreements:plan-agreements", args=[setup.plan.pk]) not in content


def test_the_region_reads_the_plan_list_without_the_template(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",))
    agreements_generate(actor=setup.officer, version=setup.version)
    sign_in(make_user(Role.REGIONAL_OFFICER))

    response = client.get(reverse("agreements:plan-agreements", args=[setup.plan.pk]))

    content = response.content.decode()
    assert "CONV-321-" in content
    assert 'id="template"' not in content
    assert "Predisponi le convenzioni" not in content


def test_once_an_agreement_is_signed_the_template_is_shown_read_only(client, sign_in):
    setup = make_agreement_plan(grants=("30000.00",))
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)
    agreement_sign(
        actor=setup.officer,
        agreement=agreement,
        signed_on=timezone.localdate(),
        signed_file=signed_pdf(),
    )
    sign_in(setup.officer)

    page = client.get(reverse("agreements:plan-agreements", args=[setup.plan.pk]))
    refused = client.post(
        reverse("agreements:template-update", args=[setup.plan.pk]),
        _template_post(),
        follow=True,
    )

    assert 'id="template-locked"' in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    assert "non può più essere modificato" in refused.content.decode()
    assert agreement_template_for(plan=setup.plan).advance_share == 50
