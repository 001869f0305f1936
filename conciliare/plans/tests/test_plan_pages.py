"""The reserved pages of the plan: who may open them, creating the plan from
the list, writing its content, the steps (approve, send, validate, return,
amend) with their refusals beside the fields."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import pdf_file
from conciliare.plans.models import (
    FundingKind,
    MilestoneKind,
    PlanStatus,
    TerritorialPlan,
)
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.tests.factories import approved_ranking_call, make_plan
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import NetworkFactory, make_membership

pytestmark = pytest.mark.django_db

ACTORS = [
    "same_ats_officer",
    "other_ats_officer",
    "committee_member",
    "regional_officer",
    "lead_rep",
    "citizen",
    "anonymous",
]


def _actor(who, version, make_actor):
    if who == "same_ats_officer":
        return make_actor(Role.ATS_OFFICER, ats_slug=version.plan.ats.slug)
    if who == "other_ats_officer":
        return make_actor(Role.ATS_OFFICER, ats_slug="brianza")
    if who == "committee_member":
        return make_actor(Role.COMMITTEE_MEMBER, ats_slug=version.plan.ats.slug)
    if who == "regional_officer":
        return make_actor(Role.REGIONAL_OFFICER)
    if who == "lead_rep":
        lead = version.funded_projects.first().project.alliance.lead
        return make_actor(Role.ORGANISATION_REPRESENTATIVE, organisation=lead)
    return make_actor(who)


def _get(client, sign_in, user, url):
    if user is not None:
        sign_in(user)
    return client.get(url)


PLAN_PAGE = {
    "same_ats_officer": 200,
    "other_ats_officer": 404,
    "committee_member": 200,
    "regional_officer": 200,
    "lead_rep": 404,
    "citizen": 404,
    "anonymous": 302,
}
EDIT_PAGE = {
    "same_ats_officer": 200,
    "other_ats_officer": 404,
    "committee_member": 403,
    "regional_officer": 403,
    "lead_rep": 404,
    "citizen": 404,
    "anonymous": 302,
}
REGION_PAGE = {
    "same_ats_officer": 403,
    "other_ats_officer": 403,
    "committee_member": 403,
    "regional_officer": 200,
    "lead_rep": 403,
    "citizen": 403,
    "anonymous": 302,
}
LIST_PAGE = {
    "same_ats_officer": 200,
    "other_ats_officer": 200,
    "committee_member": 200,
    "regional_officer": 200,
    "lead_rep": 403,
    "citizen": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("who", ACTORS)
def test_who_may_open_the_plan_page(who, client, sign_in, make_actor):
    version = make_plan(funded=1)
    user = _actor(who, version, make_actor)
    url = reverse("plans-manage:plan-detail", args=[version.plan_id])
    assert _get(client, sign_in, user, url).status_code == PLAN_PAGE[who]


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(
    "name",
    [
        "action-add",
        "version-funding",
        "version-milestones",
        "version-summary",
        "version-approve",
    ],
)
def test_who_may_open_the_editing_pages(who, name, client, sign_in, make_actor):
    version = make_plan(funded=1)
    user = _actor(who, version, make_actor)
    url = reverse(f"plans-manage:{name}", args=[version.pk])
    assert _get(client, sign_in, user, url).status_code == EDIT_PAGE[who]


@pytest.mark.parametrize("who", ACTORS)
def test_who_may_open_the_regions_view(who, client, sign_in, make_actor):
    version = make_plan(funded=1)
    user = _actor(who, version, make_actor)
    url = reverse("plans-manage:region")
    assert _get(client, sign_in, user, url).status_code == REGION_PAGE[who]


@pytest.mark.parametrize("who", ACTORS)
def test_who_may_open_the_list_of_plans(who, client, sign_in, make_actor):
    version = make_plan(funded=1)
    user = _actor(who, version, make_actor)
    response = _get(client, sign_in, user, reverse("plans-manage:plan-list"))
    assert response.status_code == LIST_PAGE[who]
    if who == "other_ats_officer":
        assert version.plan.title not in response.content.decode()


@pytest.mark.parametrize("who", ["regional_officer", "same_ats_officer"])
def test_validate_and_return_are_the_regions(who, client, sign_in, make_actor):
    version = make_plan(funded=1, status="sent")
    sign_in(_actor(who, version, make_actor))
    validate = client.post(reverse("plans-manage:version-validate", args=[version.pk]))
    expected = 302 if who == "regional_officer" else 403
    assert validate.status_code == expected


def test_the_officer_creates_the_plan_from_the_list(client, sign_in, make_actor):
    call, _submitted = approved_ranking_call(funded=2)
    sign_in(make_actor(Role.ATS_OFFICER))
    page = client.get(reverse("plans-manage:plan-list"))
    create_url = reverse("plans-manage:plan-create", args=[call.pk])
    assert create_url in page.content.decode()

    response = client.post(create_url)

    plan = TerritorialPlan.objects.get(call=call)
    assert response.status_code == 302
    assert response.url == reverse("plans-manage:plan-detail", args=[plan.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert plan.versions.get().funded_projects.count() == 2
    # once made, the call is no longer offered
    assert (
        create_url not in client.get(reverse("plans-manage:plan-list")).content.decode()
    )


def test_a_second_creation_is_refused_with_a_message(client, sign_in, make_actor):
    version = make_plan(funded=1)
    sign_in(make_actor(Role.ATS_OFFICER))
    response = client.post(
        reverse("plans-manage:plan-create", args=[version.plan.call_id]), follow=True
    )
    assert "Esiste già il Piano Territoriale" in response.content.decode()


def test_the_officer_adds_a_system_action_with_an_operator(client, sign_in, make_actor):
    version = make_plan(funded=1)
    network = NetworkFactory.create(ats=version.plan.ats, period=version.plan.period)
    member = make_membership(network=network, status=MembershipStatus.ACTIVE)
    sign_in(make_actor(Role.ATS_OFFICER))
    url = reverse("plans-manage:action-add", args=[version.pk])
    assert member.organisation.legal_name in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "title": "Sportello di rete",
            "description": "Coordinamento.",
            "budget": "12.500,50",
            "operators": [member.organisation.pk],
            "operators_note": "Consigliera di parità",
        },
    )

    assert response.status_code == 302
    action = version.system_actions.get()
    assert action.budget == Decimal("12500.50")
    assert list(action.operators.all()) == [member.organisation]
    page = client.get(reverse("plans-manage:plan-detail", args=[version.plan_id]))
    assert "Sportello di rete" in page.content.decode()
    assert "Consigliera di parità" in page.content.decode()


def test_a_bad_action_keeps_what_was_typed(client, sign_in, make_actor):
    version = make_plan(funded=1)
    sign_in(make_actor(Role.ATS_OFFICER))
    response = client.post(
        reverse("plans-manage:action-add", args=[version.pk]),
        {"title": "Sportello", "description": "", "budget": "abc"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Sportello"' in body
    assert "id_budget_error" in body
    assert "id_description_error" in body
    assert not version.system_actions.exists()


def test_editing_and_removing_a_system_action(client, sign_in, make_actor):
    version = make_plan(funded=1)
    officer = make_actor(Role.ATS_OFFICER)
    action = system_action_add(
        actor=officer,
        version=version,
        data={"title": "Sportello", "description": "D", "budget": Decimal(100)},
    )
    sign_in(officer)
    edit = reverse("plans-manage:action-edit", args=[action.pk])
    assert 'value="Sportello"' in client.get(edit).content.decode()
    client.post(
        edit,
        {"title": "Sportello unico", "description": "D", "budget": "200"},
    )
    action.refresh_from_db()
    assert (action.title, action.budget) == ("Sportello unico", Decimal(200))
    client.post(reverse("plans-manage:action-remove", args=[action.pk]))
    assert not version.system_actions.exists()


def test_funding_and_milestones_rows(client, sign_in, make_actor):
    version = make_plan(funded=1)
    sign_in(make_actor(Role.ATS_OFFICER))
    url = reverse("plans-manage:version-funding", args=[version.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "funding-TOTAL_FORMS": "2",
            "funding-INITIAL_FORMS": "0",
            "funding-0-kind": FundingKind.REGIONAL_ALLOCATION,
            "funding-0-description": "",
            "funding-0-amount": "300.000,00",
            "funding-1-kind": FundingKind.OTHER,
            "funding-1-description": "Fondazione",
            "funding-1-amount": "5000",
        },
    )
    assert response.status_code == 302
    assert sorted(f.amount for f in version.funding_sources.all()) == [
        Decimal("5000.00"),
        Decimal("300000.00"),
    ]
    url = reverse("plans-manage:version-milestones", args=[version.pk])
    refused = client.post(
        url,
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-kind": MilestoneKind.INTERIM_REPORT,
            "milestones-0-due_on": "2026-12-31",
        },
    )
    assert refused.status_code == 200
    assert "relazione finale" in refused.content.decode()
    added = client.post(
        url,
        {
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "0",
            "milestones-0-kind": MilestoneKind.FINAL_REPORT,
            "milestones-0-due_on": "2027-03-31",
            "add_row": "1",
        },
    )
    assert added.content.decode().count("milestone-row") == 2


def test_approve_with_a_missing_act_number_is_refused_beside_its_field(
    client, sign_in, make_actor
):
    version = make_plan(funded=1)
    sign_in(make_actor(Role.ATS_OFFICER))
    url = reverse("plans-manage:version-approve", args=[version.pk])
    response = client.post(
        url, {"act_number": "", "act_date": "2026-01-10", "act_file": pdf_file()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_act_number_error"' in body
    assert "Indicare il numero dell&#x27;atto di approvazione." in body
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_the_whole_cycle_through_the_pages(client, sign_in, make_actor):
    version = make_plan(funded=1)
    officer = make_actor(Role.ATS_OFFICER)
    regional = make_actor(Role.REGIONAL_OFFICER)
    sign_in(officer)
    client.post(
        reverse("plans-manage:version-approve", args=[version.pk]),
        {"act_number": "390", "act_date": "2026-01-10", "act_file": pdf_file()},
    )
    client.post(reverse("plans-manage:version-send", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == PlanStatus.SENT

    sign_in(regional)
    url = reverse("plans-manage:version-return", args=[version.pk])
    refused = client.post(url, {"remarks": ""})
    assert 'id="id_remarks_error"' in refused.content.decode()
    client.post(url, {"remarks": "Indicare gli operatori."})
    version.refresh_from_db()
    assert version.status == PlanStatus.RETURNED

    sign_in(officer)
    page = client.get(reverse("plans-manage:plan-detail", args=[version.plan_id]))
    assert "Indicare gli operatori." in page.content.decode()
    client.post(
        reverse("plans-manage:version-approve", args=[version.pk]),
        {"act_number": "412", "act_date": "2026-01-12", "act_file": pdf_file()},
    )
    client.post(reverse("plans-manage:version-send", args=[version.pk]))
    sign_in(regional)
    client.post(
        reverse("plans-manage:version-validate", args=[version.pk]), {"next": "region"}
    )
    version.refresh_from_db()
    assert version.status == PlanStatus.VALIDATED

    sign_in(officer)
    amend = reverse("plans-manage:plan-amend", args=[version.plan_id])
    refused = client.post(amend, {"reason": ""})
    assert 'id="id_reason_error"' in refused.content.decode()
    client.post(amend, {"reason": "Nuove risorse regionali."})
    page = client.get(reverse("plans-manage:plan-detail", args=[version.plan_id]))
    body = page.content.decode()
    assert "Versione 2" in body
    assert "Differenze rispetto alla versione precedente" in body


def _page_queries(client, sign_in, *, ats_slug, rows):
    call, _submitted = approved_ranking_call(funded=rows, ats_slug=ats_slug)
    version = make_plan(call=call)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    for n in range(rows):
        system_action_add(
            actor=officer,
            version=version,
            data={"title": f"Azione {n}", "description": "D", "budget": Decimal(1)},
        )
    sign_in(officer)
    url = reverse("plans-manage:plan-detail", args=[version.plan_id])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_query_count_is_constant_in_rows(client, sign_in):
    few = _page_queries(client, sign_in, ats_slug="milano", rows=1)
    many = _page_queries(client, sign_in, ats_slug="brianza", rows=4)
    assert few == many


def test_an_approved_plan_is_not_offered_for_approval_again(
    client, sign_in, make_actor
):
    version = make_plan(funded=1, status="approved")
    sign_in(make_actor(Role.ATS_OFFICER))
    response = client.get(
        reverse("plans-manage:version-approve", args=[version.pk]), follow=True
    )
    assert "non si approva di nuovo" in response.content.decode()
    sign_in(make_actor(Role.REGIONAL_OFFICER))
    response = client.get(
        reverse("plans-manage:version-return", args=[version.pk]), follow=True
    )
    assert "Si restituisce solo un piano trasmesso" in response.content.decode()


def test_a_validated_plan_cannot_be_edited_through_the_pages(
    client, sign_in, make_actor
):
    version = make_plan(funded=1, status="validated")
    sign_in(make_actor(Role.ATS_OFFICER))
    response = client.post(
        reverse("plans-manage:action-add", args=[version.pk]),
        {"title": "Nuova", "description": "D", "budget": "1"},
        follow=True,
    )
    assert "si modifica solo con una rimodulazione" in response.content.decode()
    assert not version.system_actions.exists()
    page = client.get(reverse("plans-manage:plan-detail", args=[version.plan_id]))
    body = page.content.decode()
    assert reverse("plans-manage:action-add", args=[version.pk]) not in body
    assert reverse("plans-manage:plan-amend", args=[version.plan_id]) in body
